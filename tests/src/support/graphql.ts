/** A GraphQL caller: an API key, a session cookie, or nobody; extra headers (Origin…) when needed. */
export interface GraphQLCaller {
  bearer?: string;
  cookie?: string;
  headers?: Record<string, string>;
}

export interface GraphQLResponse<T = any> {
  status: number;
  data: T;
  errors: { message: string; extensions: { code: string; [k: string]: unknown } }[] | undefined;
  /** The session cookie the response set, as `name=value`, if any. */
  setCookie: string | null;
  headers: Headers;
}

export function graphql(url: string) {
  return async <T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    caller: GraphQLCaller = {},
  ): Promise<GraphQLResponse<T>> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(caller.bearer ? { Authorization: `Bearer ${caller.bearer}` } : {}),
        ...(caller.cookie ? { Cookie: caller.cookie } : {}),
        ...caller.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json().catch(() => ({}))) as {
      data?: T;
      errors?: GraphQLResponse['errors'];
    };
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('rollcall_session='));
    return {
      status: response.status,
      data: body.data as T,
      errors: body.errors,
      setCookie: cookie ? cookie.split(';')[0]! : null,
      headers: response.headers,
    };
  };
}

export const codeOf = (r: GraphQLResponse) => r.errors?.[0]?.extensions.code;
