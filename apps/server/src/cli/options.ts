import { systemActor } from '@rollcall/domain';

// What every CLI command shares: its parsed options, its output, and how it refuses.

export type Options = {
  json: boolean;
  name?: string;
  tenant?: string;
  email?: string;
  role?: string;
  password?: string;
  schema?: string;
  type?: string;
  description?: string;
  'multi-valued'?: boolean;
  'case-exact'?: boolean;
  required?: boolean;
  unique?: boolean;
  from?: string;
  to?: string;
  format?: string;
  confirm?: string;
  slug?: string;
};
export type Output = { json: Record<string, unknown>; text: string };

/** Who the CLI acts as in the audit trail. */
export const actor = systemActor('cli');

/** A mistake in how the command was called: its message alone is printed. */
export class UsageError extends Error {}

export function required(
  options: Options,
  name: 'tenant' | 'email' | 'role' | 'schema' | 'name' | 'type',
): string {
  const value = options[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

export function dateOption(options: Options, name: 'from' | 'to'): Date | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${name} must be an ISO 8601 date or time`);
  return date;
}
