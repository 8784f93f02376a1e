import pg from 'pg';
import type { PreparedStatements } from './prepared-statements.js';

/** One statement of a pipeline: PostgreSQL placeholders ($1, $2 …) and their values, always bound. */
export interface Statement {
  text: string;
  values?: readonly unknown[];
}

export type Row = Record<string, unknown>;

/** A statement of a pipeline failed; the ones before it ran, the ones after it did not. */
export class PipelineError extends Error {
  constructor(
    /** Index of the failed statement in the pipeline. */
    readonly index: number,
    override readonly cause: Error,
    /** The rows of the statements before it (they ran, in the transaction the failure ends). */
    readonly results: Row[][],
  ) {
    super(cause.message);
  }
}

interface Field {
  name: string;
  dataTypeID: number;
}
interface Parsers {
  getTypeParser(oid: number, format: 'text'): (value: string) => unknown;
}
/** The parts of node-postgres' connection a submittable drives (pg's own Query uses the same). */
interface WireConnection {
  parse(config: { text: string; name?: string }): void;
  close(config: { type: 'S'; name: string }): void;
  bind(config: { values: unknown[]; valueMapper: (value: unknown) => unknown; statement?: string }): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: { portal: string; rows?: number }): void;
  sync(): void;
  stream: { cork?(): void; uncork?(): void };
}

/**
 * Several statements in one round trip (PostgreSQL's extended-query pipelining, protocol §55.2.4):
 * Parse/Bind/Describe/Execute for each, one Sync at the end, written in one socket write. PostgreSQL
 * runs everything before the Sync as one implicit transaction unless a statement opens an explicit
 * one (BEGIN), and skips the rest after an error, so a pipeline never half-applies on its own.
 * Values are bound as parameters, never inlined into the text. Rows are parsed with the client's
 * type parsers, as for any other query.
 *
 * node-postgres sends one statement per Sync; it accepts any object with `submit()` as a query (as
 * pg-cursor does), which is what this is.
 */
export function pipeline(
  client: pg.ClientBase,
  statements: readonly Statement[],
  /** Send statements with placeholders as named prepared statements (prepared-statements.ts). */
  prepared?: PreparedStatements,
): Promise<Row[][]> {
  // A text that comes twice (two audit inserts) is parsed once, by its first occurrence.
  const seen = new Set<string>();
  const names = statements.map(({ text, values }) => {
    const named = prepared && values?.length ? prepared.lookup(client, text) : undefined;
    if (!named) return undefined;
    const first = !seen.has(named.name);
    seen.add(named.name);
    return { ...named, parse: named.parse && first, close: named.close && first };
  });
  return new Promise((resolve, reject) => {
    const parsers = ((client as unknown as { _types?: Parsers })._types ?? pg.types) as Parsers;
    const results: Row[][] = [];
    let fields: Field[] = [];
    let parse: ((value: string) => unknown)[] = [];
    let rows: Row[] = [];
    let failed = false;
    /** After `count` statements ran: theirs were parsed; the one that failed may have been. */
    const remember = (count: number, failed: boolean) => {
      names
        .slice(0, count)
        .forEach((named) => named?.parse && prepared!.record(client, named.name, 'parsed'));
      const culprit = failed ? names[count] : undefined;
      if (culprit?.parse) prepared!.record(client, culprit.name, 'uncertain');
    };
    const submittable = {
      submit(connection: WireConnection) {
        connection.stream.cork?.();
        try {
          statements.forEach(({ text, values = [] }, i) => {
            const named = names[i];
            if (named?.close) connection.close({ type: 'S', name: named.name });
            if (!named || named.parse) connection.parse({ text, ...(named ? { name: named.name } : {}) });
            connection.bind({
              values: [...values],
              valueMapper: prepareValue,
              ...(named ? { statement: named.name } : {}),
            });
            connection.describe({ type: 'P', name: '' });
            connection.execute({ portal: '' });
          });
          connection.sync();
        } finally {
          connection.stream.uncork?.();
        }
        return null;
      },
      handleRowDescription(message: { fields: Field[] }) {
        fields = message.fields;
        parse = fields.map((f) => parsers.getTypeParser(f.dataTypeID, 'text'));
      },
      handleDataRow(message: { fields: (string | null)[] }) {
        const row: Row = {};
        for (let i = 0; i < fields.length; i++) {
          const value = message.fields[i];
          row[fields[i]!.name] = value === null || value === undefined ? null : parse[i]!(value);
        }
        rows.push(row);
      },
      handleCommandComplete() {
        results.push(rows);
        rows = [];
        fields = [];
      },
      handleEmptyQuery() {
        results.push([]);
      },
      handleError(error: Error) {
        failed = true;
        remember(results.length, true);
        reject(new PipelineError(results.length, error, results));
      },
      handleReadyForQuery() {
        if (failed) return;
        remember(statements.length, false);
        resolve(results);
      },
      handlePortalSuspended() {},
      handleCopyInResponse() {},
      handleCopyData() {},
    };
    const refused = (client as unknown as { query(q: unknown): unknown }).query(submittable);
    if (refused instanceof Error) reject(refused);
  });
}

/** node-postgres' own value conversion (Dates, arrays, Buffers, JSON for objects), as its queries use. */
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

/** A statement written with knex's `?` placeholders (as `em.execute` takes them) in PostgreSQL's form. */
export function toStatement(
  knex: {
    raw(
      sql: string,
      bindings: never[],
    ): { toSQL(): { toNative(): { sql: string; bindings: readonly unknown[] } } };
  },
  query: string,
  params: readonly unknown[],
): Statement {
  const { sql, bindings } = knex
    .raw(query, params as never[])
    .toSQL()
    .toNative();
  return { text: sql, values: bindings };
}
