import { z } from 'zod';
import { isStorableText } from './database/storable-text.js';
import { DomainError } from './errors.js';

/** Parse with a schema; every problem is reported at once as one `invalid_input` error. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  throw new DomainError(
    'invalid_input',
    problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; '),
    { problems },
  );
}

/** `%text%` for $like/$ilike, with LIKE's wildcards in the text escaped (backslash is PostgreSQL's default). */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const unstorableMessage = 'must not contain NUL or unpaired surrogate characters';

export const text = (max = 1024) => z.string().max(max).refine(isStorableText, unstorableMessage).nullable();
export const requiredName = (max = 256) =>
  z.string().trim().min(1, 'must not be empty').max(max).refine(isStorableText, unstorableMessage);

/** No stored text is longer than this, so no search value needs to be (and a long one costs a scan). */
export const maxSearchLength = 2048;

/**
 * Refuse search values the database cannot compare (`invalid_input`): text it cannot store (a NUL,
 * which PostgreSQL even refuses as a parameter; an unpaired surrogate) or longer than any stored value.
 * Every search of every service passes its conditions through here before they reach SQL.
 */
export function assertSearchable(conditions: unknown): void {
  const pending: unknown[] = [conditions];
  while (pending.length) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (!isStorableText(value))
        throw new DomainError('invalid_input', `A search value ${unstorableMessage}`);
      if (value.length > maxSearchLength)
        throw new DomainError('invalid_input', `A search value is longer than ${maxSearchLength} characters`);
    } else if (typeof value === 'object' && value !== null) pending.push(...Object.values(value));
  }
}
