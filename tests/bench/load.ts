import { Agent, request } from 'undici';

export interface Sample {
  ops: number;
  errors: number;
  seconds: number;
  latenciesMs: number[];
  firstError: string | null;
}

export interface RequestSpec {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A bounded closed loop: `concurrency` workers each send one request, wait for the answer, send the
 * next, until `seconds` have passed (after `warmupSeconds` not counted). A response with an
 * unexpected status counts as an error.
 */
export async function closedLoop(options: {
  baseUrl: string;
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
  next: (worker: number, i: number) => RequestSpec;
  expect: (status: number) => boolean;
}): Promise<Sample> {
  const agent = new Agent({
    connections: options.concurrency,
    pipelining: 1,
    headersTimeout: 15_000,
    bodyTimeout: 15_000,
  });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const start = performance.now();
  const warmEnd = start + options.warmupSeconds * 1000;
  const end = warmEnd + options.seconds * 1000;
  const worker = async (w: number) => {
    for (let i = 0; performance.now() < end; i++) {
      const spec = options.next(w, i);
      const t0 = performance.now();
      let ok = false;
      try {
        const response = await request(`${options.baseUrl}${spec.path}`, {
          method: spec.method as 'GET',
          dispatcher: agent,
          headers: { 'content-type': 'application/scim+json', ...spec.headers },
          ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
        });
        const text = await response.body.text();
        ok = options.expect(response.statusCode);
        if (!ok && !firstError)
          firstError = `${spec.method} ${spec.path} → ${response.statusCode} ${text.slice(0, 300)}`;
      } catch (error) {
        if (!firstError) firstError = String(error);
      }
      const t1 = performance.now();
      if (t0 >= warmEnd && t1 <= end) {
        latencies.push(t1 - t0);
        if (!ok) errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
  await agent.destroy();
  return { ops: latencies.length, errors, seconds: options.seconds, latenciesMs: latencies, firstError };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
