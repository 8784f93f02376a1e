import { fail } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import type { Cookies } from '@sveltejs/kit';
import { LoginDocument, LogoutDocument, type TypedDocumentString } from '$lib/graphql/generated/graphql';

/** The only module that calls the GraphQL API. Server-side only: the browser never sees a session token. */
export const sessionCookie = 'rollcall_session';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

interface GraphQLBody<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; details?: Record<string, unknown> } }[];
}

function apiUrl(): string {
  const url = env.ROLLCALL_API_URL;
  if (!url) throw new ApiError('INTERNAL', 'The console does not know where the API is (ROLLCALL_API_URL)');
  return `${url}/graphql`;
}

/**
 * An operation's variables: optional when it has none. Documents and their types are generated from
 * apps/server/schema.graphql (src/lib/graphql/*.graphql → generated/), so a result or a variable that
 * does not match the schema fails `pnpm check`.
 */
type Variables<V> = V extends Record<string, never> ? [variables?: V] : [variables: V];

/** An operation whose only variable is the `id` of what it acts on (a row's action in a list). */
export type OnIdOperation = TypedDocumentString<unknown, { id: string }>;

async function post<T, V>(
  document: TypedDocumentString<T, V>,
  variables: V | undefined,
  cookie: string | undefined,
): Promise<{ body: GraphQLBody<T>; response: Response }> {
  const response = await fetch(apiUrl(), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(cookie ? { Cookie: `${sessionCookie}=${cookie}` } : {}),
    },
    body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
  });
  const body = (await response
    .json()
    .catch(() => ({ errors: [{ message: `The API answered ${response.status}` }] }))) as GraphQLBody<T>;
  return { body, response };
}

/** Run an operation as the signed-in admin; API errors become ApiError with the API's code. */
export async function api<T, V>(
  cookies: Cookies,
  document: TypedDocumentString<T, V>,
  ...[variables]: Variables<V>
): Promise<T> {
  const { body } = await post(document, variables, cookies.get(sessionCookie));
  const error = body.errors?.[0];
  if (error)
    throw new ApiError(error.extensions?.code ?? 'INTERNAL', error.message, error.extensions?.details);
  return body.data as T;
}

/** Sign in and pass the API's session cookie on to the browser (same origin, HttpOnly, SameSite=Lax). */
export async function signIn(
  cookies: Cookies,
  secure: boolean,
  input: { tenant: string; email: string; password: string },
): Promise<void> {
  const { body, response } = await post(LoginDocument, input, undefined);
  const error = body.errors?.[0];
  if (error)
    throw new ApiError(error.extensions?.code ?? 'INTERNAL', error.message, error.extensions?.details);
  const set = response.headers.getSetCookie().find((c) => c.startsWith(`${sessionCookie}=`));
  const value = set?.split(';')[0]?.slice(sessionCookie.length + 1);
  const expires = /expires=([^;]+)/i.exec(set ?? '')?.[1];
  if (!value) throw new ApiError('INTERNAL', 'The API did not open a session');
  cookies.set(sessionCookie, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    ...(expires ? { expires: new Date(expires) } : {}),
  });
}

export async function signOut(cookies: Cookies): Promise<void> {
  await post(LogoutDocument, {}, cookies.get(sessionCookie)).catch(() => undefined);
  cookies.delete(sessionCookie, { path: '/' });
}

/**
 * A form action's API work: its result, or the API's refusal as a 400 the form shows (with the values
 * the user typed, so nothing is lost); anything else propagates.
 */
export async function attempt<T>(work: () => Promise<T>, values: Record<string, unknown> = {}) {
  try {
    return await work();
  } catch (error) {
    return fail(400, failure(error, values));
  }
}

export function failure(error: unknown, values: Record<string, unknown> = {}) {
  if (error instanceof ApiError) return { error: error.message, code: error.code, values };
  throw error;
}

/** A form field as the API's variables take it: its text, or '' when the form did not send it. */
export const text = (form: FormData, name: string): string => String(form.get(name) ?? '');
