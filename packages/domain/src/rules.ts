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
