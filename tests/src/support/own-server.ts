import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type MikroORM } from '@rollcall/domain';
import { freshDatabase, startServer, type ServerProcess } from './processes.js';

/**
 * For a test file: its own server process on a fresh database (so what it counts, prunes or deletes
 * is only its own), an ORM on that database, and `sql` to read or backdate rows directly. The fields
 * of `state` are set once `beforeAll` has run.
 */
export function ownServer(env: Record<string, string> = {}) {
  const state = {} as { server: ServerProcess; databaseUrl: string; orm: MikroORM };
  beforeAll(async () => {
    state.databaseUrl = await freshDatabase();
    state.server = await startServer({ DATABASE_URL: state.databaseUrl, ...env });
    state.orm = await openDatabase({ databaseUrl: state.databaseUrl, poolSize: 2 });
  });
  afterAll(async () => {
    await state.orm?.close();
    await state.server?.stop();
  });
  async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: state.databaseUrl });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }
  return { state, sql };
}
