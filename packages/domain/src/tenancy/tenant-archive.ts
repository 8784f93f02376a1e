import type { MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import { isSlug, type TenantSnapshot } from './tenant-directory.js';

/**
 * A whole tenant as one archive (issue 19, offboarding): NDJSON, a header line, then one line per row
 * (`{"table": …, "row": {…}}`), then a trailer with the rows per table — so a truncated file is
 * refused rather than half imported. What it holds: the directory (users, groups, memberships), the
 * settings (SCIM, retention, custom attributes) and the audit trail. What it leaves out: secrets and
 * what only means something on the instance that made it — admins (password hashes), sessions, API
 * keys, SCIM tokens, webhook endpoints (signing secrets) and deliveries, the request log, conflicts,
 * and the rows triggers keep (user counts, custom attribute values: rebuilt as the users go in).
 *
 * Rows keep their ids, versions and timestamps, so an IdP's stored SCIM ids and ETags stay valid.
 * The columns are the database's own (generated ones excepted), which is why the archive names the
 * schema it came from and an instance on another schema refuses it.
 */
const archivedTables: { table: string; key: string[] }[] = [
  { table: 'scim_settings', key: ['tenant_id'] },
  { table: 'tenant_retention', key: ['tenant_id'] },
  { table: 'custom_attribute', key: ['id'] },
  { table: 'directory_user', key: ['id'] },
  { table: 'directory_group', key: ['id'] },
  { table: 'group_member', key: ['group_id', 'user_id'] },
  { table: 'audit_event', key: ['id'] },
];

const format = 'rollcall-tenant-archive';
const batchSize = 1000;

interface ArchiveHeader {
  format: typeof format;
  version: 1;
  schema: string;
  exportedAt: string;
  tenant: { slug: string; name: string; createdAt: string };
}

/** The columns of `table` a row can be written with (not generated, not the tenant's id). */
async function writableColumns(orm: MikroORM): Promise<Map<string, string[]>> {
  const rows = await orm.em.getConnection().execute<{ table: string; column: string }[]>(
    `select table_name as "table", column_name as "column" from information_schema.columns
      where table_schema = current_schema() and table_name in (${archivedTables.map(() => '?').join(', ')}) and is_generated = 'NEVER'
        and column_name <> 'tenant_id' order by table_name, ordinal_position`,
    archivedTables.map((t) => t.table),
  );
  const columns = new Map<string, string[]>();
  for (const { table, column } of rows) columns.set(table, [...(columns.get(table) ?? []), column]);
  return columns;
}

/** The row's `columns`, in their order (the tenant's id and generated columns are not archived). */
const pick = (row: Record<string, unknown>, columns: string[]) =>
  Object.fromEntries(columns.map((c) => [c, row[c]]));

/** The last migration applied: what the columns of an archive are. */
async function schemaVersion(orm: MikroORM): Promise<string> {
  const [row] = await orm.em
    .getConnection()
    .execute<{ name: string }[]>(`select name from schema_migration order by name desc limit 1`);
  return row?.name ?? 'none';
}

/**
 * The archive of a tenant, a chunk of lines at a time (a keyset read of up to 1,000 rows each, so
 * memory stays bounded). All of it is read in one read-only REPEATABLE READ transaction: one snapshot,
 * so a membership never names a user created after the users were read (the archive must import
 * whole) — at the cost of holding one connection while the caller writes it out. A caller that stops
 * early (a client gone) ends the transaction through the generator's `finally`.
 */
export async function* tenantArchive(orm: MikroORM, tenant: TenantSnapshot): AsyncGenerator<string> {
  const columns = await writableColumns(orm);
  const header: ArchiveHeader = {
    format,
    version: 1,
    schema: await schemaVersion(orm),
    exportedAt: new Date().toISOString(),
    tenant: { slug: tenant.slug, name: tenant.name, createdAt: tenant.createdAt.toISOString() },
  };
  const trx = await orm.em.getKnex().transaction();
  try {
    await trx.raw('set transaction isolation level repeatable read, read only');
    await trx.raw(`select set_config('rollcall.tenant_id', ?, true)`, [tenant.id]);
    yield `${JSON.stringify(header)}\n`;
    const counts: Record<string, number> = {};
    for (const { table, key } of archivedTables) {
      const keep = columns.get(table)!;
      const keyList = key.map((k) => `t.${k}`).join(', ');
      let after: string[] | undefined;
      counts[table] = 0;
      for (;;) {
        const { rows: found } = await trx.raw(
          `select row_to_json(t) as row from ${table} t
            where t.tenant_id = ? ${after ? `and (${keyList}) > (${key.map(() => '?').join(', ')})` : ''}
            order by ${keyList} limit ?`,
          [tenant.id, ...(after ?? []), batchSize],
        );
        const rows = (found as { row: Record<string, unknown> }[]).map((r) => r.row);
        if (rows.length === 0) break;
        counts[table] += rows.length;
        yield rows.map((row) => `${JSON.stringify({ table, row: pick(row, keep) })}\n`).join('');
        if (rows.length < batchSize) break;
        after = key.map((k) => String(rows.at(-1)![k]));
      }
    }
    yield `${JSON.stringify({ end: true, rows: counts })}\n`;
  } finally {
    await trx.commit().catch(() => {}); // read only: nothing to keep (an aborted one just ends)
  }
}

export interface ArchiveImport {
  tenant: TenantSnapshot;
  rows: Record<string, number>;
}

/**
 * Create a tenant from an archive's lines, in one transaction: all of it goes in, or none (a
 * malformed line, an archive from another schema, a truncated file, a taken slug). The tenant gets a
 * new id and, if given, a new slug; SCIM starts switched off (the archive holds no token: enabling it
 * makes one). Errors: `invalid_input` (naming the line), `tenant.slug_taken`.
 */
export async function importTenantArchive(
  orm: MikroORM,
  lines: AsyncIterable<string>,
  options: { slug?: string | undefined } = {},
): Promise<ArchiveImport> {
  // Take the iterator before the first await: a readline interface emits lines from the start, and
  // those emitted before anyone iterates would be lost.
  const iterator = lines[Symbol.asyncIterator]();
  const columns = await writableColumns(orm);
  const schema = await schemaVersion(orm);
  const tenantId = newId();
  const counts: Record<string, number> = {};
  let tenant: TenantSnapshot | undefined;
  let ended = false;
  let lineNumber = 0;
  const refuse = (why: string) => new DomainError('invalid_input', `Archive line ${lineNumber}: ${why}`);

  await orm.em.getKnex().transaction(async (trx) => {
    await trx.raw(`select set_config('rollcall.tenant_id', ?, true)`, [tenantId]);
    let pending: { table: string; rows: unknown[]; firstLine: number } | undefined;
    const flush = async () => {
      if (!pending || pending.rows.length === 0) return;
      const list = columns.get(pending.table)!.join(', ');
      try {
        await trx.raw(
          `insert into ${pending.table} (tenant_id, ${list})
           select ?::uuid, ${list} from json_populate_recordset(null::${pending.table}, ?::json)`,
          [tenantId, JSON.stringify(pending.rows)],
        );
      } catch (error) {
        const where = `lines ${pending.firstLine}–${pending.firstLine + pending.rows.length - 1}`;
        const why = (error as Error).message.split('\n')[0]!.split(' - ').at(-1);
        throw refuse(`a ${pending.table} row of ${where} cannot be stored (${why})`);
      }
      pending = { ...pending, rows: [], firstLine: lineNumber + 1 };
    };

    for await (const text of { [Symbol.asyncIterator]: () => iterator }) {
      lineNumber++;
      if (text.trim() === '') continue;
      if (ended) throw refuse('lines after the end of the archive');
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw refuse('not JSON');
      }
      if (!tenant) {
        tenant = await createTenant(trx, line, { id: tenantId, schema, slug: options.slug }, refuse);
        continue;
      }
      if (line['end'] === true) {
        await flush();
        const expected = line['rows'] as Record<string, number> | undefined;
        for (const { table } of archivedTables)
          if ((expected?.[table] ?? 0) !== (counts[table] ?? 0))
            throw refuse(
              `the archive says ${expected?.[table] ?? 0} ${table} rows, it holds ${counts[table] ?? 0}`,
            );
        ended = true;
        continue;
      }
      const table = line['table'];
      const row = line['row'];
      if (typeof table !== 'string' || !columns.has(table))
        throw refuse(`unknown table ${JSON.stringify(table)}`);
      if (typeof row !== 'object' || row === null || Array.isArray(row))
        throw refuse('a row must be an object');
      if (pending?.table !== table) {
        await flush();
        pending = { table, rows: [], firstLine: lineNumber };
      }
      pending.rows.push(row);
      counts[table] = (counts[table] ?? 0) + 1;
      if (pending.rows.length >= batchSize) await flush();
    }
    if (!tenant) throw refuse('the archive is empty');
    if (!ended) throw refuse('the archive ends before its last line (truncated?)');
    // The archive holds no SCIM token, so SCIM cannot be on (RFC 7644 §2: every request authenticates).
    await trx.raw(`update scim_settings set enabled = false where tenant_id = ?`, [tenantId]);
  });
  return { tenant: tenant!, rows: counts };
}

async function createTenant(
  trx: { raw(sql: string, values: unknown[]): Promise<unknown> },
  header: Record<string, unknown>,
  { id, schema, slug }: { id: string; schema: string; slug: string | undefined },
  refuse: (why: string) => DomainError,
): Promise<TenantSnapshot> {
  const archive = header as Partial<ArchiveHeader>;
  if (archive.format !== format || archive.version !== 1) throw refuse('not a Rollcall tenant archive');
  if (archive.schema !== schema)
    throw refuse(`made on schema ${archive.schema}; this instance is on ${schema} (export it again here)`);
  const from = archive.tenant;
  const chosen = (slug ?? from?.slug ?? '').toLowerCase();
  if (!isSlug(chosen)) throw refuse(`"${chosen}" cannot be a tenant's slug`);
  const name = typeof from?.name === 'string' && from.name.trim() ? from.name : chosen;
  const createdAt = new Date(from?.createdAt ?? Date.now());
  if (Number.isNaN(createdAt.getTime())) throw refuse('the tenant has no valid creation time');
  try {
    await trx.raw(`insert into tenant (id, slug, name, created_at) values (?, ?, ?, ?)`, [
      id,
      chosen,
      name,
      createdAt,
    ]);
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'tenant_slug_key')
      throw new DomainError('tenant.slug_taken', `A tenant with slug "${chosen}" already exists`, {
        slug: chosen,
      });
    throw error;
  }
  return { id, slug: chosen, name, createdAt };
}
