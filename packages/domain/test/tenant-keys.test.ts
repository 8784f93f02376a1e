import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tenantOwnedTables } from '../src/migrations/tenant-owned-tables.js';

// What lets tenants be placed on several PostgreSQL clusters, or distributed by tenant id (Citus):
// every key of a tenant-owned table leads with, or at least includes, tenant_id, so no constraint
// spans tenants and every row, lookup and join can be routed by tenant (README, Architecture).
const owned = new Set<string>(tenantOwnedTables);
let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
});
afterAll(() => client.end());

interface Key {
  table: string;
  name: string;
  kind: string;
  columns: string[];
}

async function keys(): Promise<Key[]> {
  const { rows } = await client.query<Key>(
    `select c.relname as table, k.conname as name, k.contype as kind,
            array(select a.attname::text from unnest(k.conkey) as n(attnum)
                    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = n.attnum) as columns
       from pg_constraint k join pg_class c on c.oid = k.conrelid
       join pg_namespace s on s.oid = c.relnamespace and s.nspname = 'public'
      where k.contype in ('p', 'u', 'f')
     union all
     -- Unique indexes that are not constraints (expression or partial ones).
     select c.relname, i.relname, 'i',
            array(select a.attname::text from unnest(x.indkey) as n(attnum)
                    join pg_attribute a on a.attrelid = x.indrelid and a.attnum = n.attnum)
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid
       join pg_namespace s on s.oid = c.relnamespace and s.nspname = 'public'
      where x.indisunique and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)`,
  );
  return rows;
}

describe('tenant-owned tables are keyed by tenant', () => {
  it('every table with a tenant_id column is a tenant-owned table (row-level security, contract test)', async () => {
    const { rows } = await client.query<{ table: string }>(
      `select table_name as table from information_schema.columns
        where table_schema = 'public' and column_name = 'tenant_id' order by 1`,
    );
    expect(rows.map((r) => r.table).filter((t) => !owned.has(t))).toEqual([]);
  });

  it('every primary key, unique constraint, unique index and foreign key of one includes tenant_id', async () => {
    const all = await keys();
    // Not vacuous: the user table's keys are among them (its key, its userName key, its tenant).
    expect(
      all
        .filter((k) => k.table === 'directory_user')
        .map((k) => k.kind)
        .sort(),
    ).toEqual(expect.arrayContaining(['f', 'p', 'u']));
    const offending = all
      .filter((k) => owned.has(k.table))
      .filter((k) => !k.columns.includes('tenant_id'))
      .map((k) => `${k.table}.${k.name} (${k.columns.join(', ')})`);
    expect(offending).toEqual([]);
  });

  it('every primary key of one leads with tenant_id', async () => {
    const offending = (await keys())
      .filter((k) => owned.has(k.table) && k.kind === 'p' && k.columns[0] !== 'tenant_id')
      .map((k) => `${k.table}.${k.name} (${k.columns.join(', ')})`);
    expect(offending).toEqual([]);
  });
});
