import { DomainError } from '../errors.js';

/** PostgreSQL SQLSTATEs the domain turns into codes (Appendix A of the PostgreSQL manual). */
const uniqueViolation = '23505';
const foreignKeyViolation = '23503';

/**
 * Run a write; when PostgreSQL refuses it because of a named constraint, throw the domain error that
 * constraint stands for. Unique indexes, not read-then-write checks, decide races: of many concurrent
 * creates of one userName exactly one wins and the rest get a clean `…_taken`, never a 500.
 */
export async function mapConstraintErrors<T>(
  write: () => Promise<T>,
  byConstraint: Record<string, () => DomainError>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw constraintError(error, byConstraint);
  }
}

/** The domain error a refusal by a named constraint stands for, else the refusal itself. */
export function constraintError(error: unknown, byConstraint: Record<string, () => DomainError>): unknown {
  const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
  if ((code === uniqueViolation || code === foreignKeyViolation) && constraint) {
    for (const [name, toError] of Object.entries(byConstraint)) {
      if (constraint.includes(name)) return toError();
    }
  }
  return error;
}
