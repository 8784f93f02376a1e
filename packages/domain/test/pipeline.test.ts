import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pipeline, PipelineError } from '../src/database/pipeline.js';
import { PreparedStatements } from '../src/database/prepared-statements.js';

// Several statements in one round trip (database/pipeline.ts), on a real PostgreSQL.
let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  await client.query('create table if not exists pipeline_probe (id int primary key, note text)');
});
afterAll(() => client.end());

describe('pipeline', () => {
  it('runs every statement, returns each one its rows, and binds values as they are', async () => {
    const tricky = `it's a \\ "test" $1 ?; drop table pipeline_probe; --`;
    const [first, second, third] = await pipeline(client, [
      { text: 'select $1::text as value, $2::int as n', values: [tricky, 7] },
      { text: 'select null::text as nothing' },
      {
        text: 'select $1::jsonb as doc, $2::timestamptz as at',
        values: [JSON.stringify({ a: [1] }), new Date(0)],
      },
    ]);
    expect(first).toEqual([{ value: tricky, n: 7 }]);
    expect(second).toEqual([{ nothing: null }]);
    expect(third![0]!['doc']).toEqual({ a: [1] });
  });

  it('stops at a failing statement, says which one, and leaves nothing of the implicit transaction', async () => {
    await client.query('delete from pipeline_probe');
    const failed = await pipeline(client, [
      { text: 'insert into pipeline_probe values ($1, $2)', values: [1, 'kept?'] },
      { text: 'insert into pipeline_probe values ($1, $2)', values: [1, 'duplicate'] },
      { text: 'insert into pipeline_probe values ($1, $2)', values: [3, 'never run'] },
    ]).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(PipelineError);
    expect((failed as PipelineError).index).toBe(1);
    expect((failed as PipelineError).cause).toMatchObject({ code: '23505' });
    // One implicit transaction: the first insert is rolled back with the failed one.
    expect((await client.query('select count(*)::int as n from pipeline_probe')).rows[0].n).toBe(0);
    // The connection is usable at once.
    expect(await pipeline(client, [{ text: 'select 1 as one' }])).toEqual([[{ one: 1 }]]);
  });

  it('parses a named statement once per connection and reuses it', async () => {
    const prepared = new PreparedStatements();
    const text = 'select $1::int + 1 as next';
    for (const n of [1, 2, 3]) {
      expect(await pipeline(client, [{ text, values: [n] }], prepared)).toEqual([[{ next: n + 1 }]]);
    }
    const { rows } = await client.query<{ name: string }>(
      'select name from pg_prepared_statements where statement = $1',
      [text],
    );
    expect(rows.map((r) => r.name)).toEqual([prepared.lookup(client, text)!.name]);
    expect(prepared.lookup(client, text)!.parse).toBe(false);
    // Another connection parses it anew.
    expect(prepared.lookup({}, text)!.parse).toBe(true);
  });

  it('does not remember a statement whose parse failed', async () => {
    const prepared = new PreparedStatements();
    const text = 'select $1::int from no_such_table';
    await expect(pipeline(client, [{ text, values: [1] }], prepared)).rejects.toBeInstanceOf(PipelineError);
    expect(prepared.lookup(client, text)).toMatchObject({ parse: true, close: true });
    await expect(pipeline(client, [{ text, values: [1] }], prepared)).rejects.toMatchObject({
      cause: { code: '42P01' }, // still the missing table, not "prepared statement already exists"
    });
  });

  it('reuses a statement that was parsed but failed when it ran, and one that comes twice in a pipeline', async () => {
    const prepared = new PreparedStatements();
    await client.query('delete from pipeline_probe');
    const insert = 'insert into pipeline_probe values ($1, $2)';
    await pipeline(client, [{ text: insert, values: [1, 'a'] }], prepared);
    const twice = 'insert into pipeline_probe (id, note) values ($1, $2)';
    await expect(
      pipeline(
        client,
        [
          { text: twice, values: [2, 'b'] },
          { text: twice, values: [1, 'duplicate'] },
        ],
        prepared,
      ),
    ).rejects.toMatchObject({ index: 1, cause: { code: '23505' } });
    // Parsed, then failed executing: the next use must neither parse it again nor fail.
    expect(await pipeline(client, [{ text: twice, values: [3, 'c'] }], prepared)).toEqual([[]]);
    expect(
      await pipeline(
        client,
        [
          { text: twice, values: [4, 'd'] },
          { text: twice, values: [5, 'e'] },
        ],
        prepared,
      ),
    ).toEqual([[], []]);
  });

  it('names a bounded number of statement texts', () => {
    const prepared = new PreparedStatements(2);
    expect(prepared.lookup(client, 'a')).toBeDefined();
    expect(prepared.lookup(client, 'b')).toBeDefined();
    expect(prepared.lookup(client, 'c')).toBeUndefined();
    expect(prepared.lookup(client, 'a')).toBeDefined();
  });
});
