import type { AttributeChange } from './audit-event.entity.js';

const masked = '••••••';

/**
 * Per-attribute before → after for the named attributes whose values differ.
 * Secrets are never written: attributes listed in `secret` are recorded as masked.
 */
export function diffAttributes<T extends object>(
  before: Partial<T> | null,
  after: Partial<T> | null,
  names: readonly (keyof T & string)[],
  secret: readonly string[] = [],
): Record<string, AttributeChange> {
  const changes: Record<string, AttributeChange> = {};
  for (const name of names) {
    // Nothing, null and an empty list are the same absence: recording `null → []` would be noise.
    const a = empty(before?.[name]) ? null : before![name];
    const b = empty(after?.[name]) ? null : after![name];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    changes[name] = secret.includes(name)
      ? { before: a === null ? null : masked, after: b === null ? null : masked }
      : { before: a, after: b };
  }
  return changes;
}

const empty = (value: unknown) =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0);
