import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Named prepared statements for the pipelined hot path: PostgreSQL parses, analyses and (after a few
 * executions) plans a named statement once per connection instead of once per request — measured on a
 * SCIM GET by id, that is more than half of PostgreSQL's work for it (40 columns, two function calls).
 *
 * A statement's name is fixed by its text, for the whole process; each connection remembers which it has
 * parsed. Only texts with placeholders are worth naming, and their number is bounded (a text beyond
 * the bound goes unnamed), so a stream of distinct texts cannot grow the server's memory.
 *
 * Behind PgBouncer in transaction mode, a named statement may meet a server connection that never
 * parsed it: PgBouncer 1.21+ handles this itself (`max_prepared_statements`); with older versions set
 * `DATABASE_PREPARED_STATEMENTS=false` (statements are then sent unnamed, as every other query is).
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();
  /** Per connection: the names parsed there, and those whose Parse may or may not have happened. */
  private readonly state = new WeakMap<object, Map<string, 'parsed' | 'uncertain'>>();

  constructor(private readonly limit = 500) {}

  /**
   * The name for `text` on `connection`: whether it still needs its Parse there, and whether a Close
   * must go first (a statement that failed on this connection may have been parsed before it failed;
   * closing a statement that does not exist is no error, protocol §55.7).
   */
  lookup(connection: object, text: string): { name: string; parse: boolean; close: boolean } | undefined {
    let name = this.names.get(text);
    if (name === undefined) {
      if (this.names.size >= this.limit) return undefined;
      name = `rollcall_${this.names.size + 1}`;
      this.names.set(text, name);
    }
    const known = this.state.get(connection)?.get(name);
    return { name, parse: known !== 'parsed', close: known === 'uncertain' };
  }

  /** `name` was parsed on `connection` (`parsed`), or failed in a way that leaves it unknown. */
  record(connection: object, name: string, outcome: 'parsed' | 'uncertain'): void {
    let names = this.state.get(connection);
    if (!names) this.state.set(connection, (names = new Map()));
    names.set(name, outcome);
  }
}

const byOrm = new WeakMap<MikroORM, PreparedStatements | null>();

export const setPreparedStatements = (orm: MikroORM, enabled: boolean): void =>
  void byOrm.set(orm, enabled ? new PreparedStatements() : null);

/** The ORM's prepared-statement registry, or undefined when they are off (`OrmOptions.preparedStatements`). */
export const preparedStatementsOf = (orm: MikroORM): PreparedStatements | undefined => {
  if (!byOrm.has(orm)) setPreparedStatements(orm, true);
  return byOrm.get(orm) ?? undefined;
};
