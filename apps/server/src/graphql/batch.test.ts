import { describe, expect, it } from 'vitest';
import { batched } from './batch.js';

describe(batched.name, () => {
  it('fetches the ids asked for in one turn of the event loop with one call', async () => {
    const calls: string[][] = [];
    const load = batched(async (ids) => {
      calls.push(ids);
      return new Map(ids.filter((id) => id !== 'gone').map((id) => [id, id.toUpperCase()]));
    });
    // As a list's field resolvers do: one id each, all before anything resolves.
    const first = await Promise.all(['a', 'b', 'a', 'gone'].map(load));
    expect(first).toEqual(['A', 'B', 'A', undefined]);
    expect(calls).toEqual([['a', 'b', 'gone']]); // each id once
    // A later turn is a new batch.
    expect(await load('c')).toBe('C');
    expect(calls).toEqual([['a', 'b', 'gone'], ['c']]);
  });

  it('passes a failed fetch to every caller of its batch', async () => {
    const load = batched<string>(async () => {
      throw new Error('database away');
    });
    const results = await Promise.allSettled([load('a'), load('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
