import { describe, expect, it } from 'vitest';
import { isId, newId } from './ids.js';

describe(newId.name, () => {
  it('makes valid UUIDv7s that sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, newId);
    expect(ids.every(isId)).toBe(true);
    expect(ids.every((id) => id[14] === '7')).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
