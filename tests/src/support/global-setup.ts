import type { TestProject } from 'vitest/node';
import { startTestDatabase, type TestDatabase } from '@rollcall/domain/testing';

let database: TestDatabase | undefined;

/** One real PostgreSQL for the whole run (embedded, or DATABASE_URL), migrated once. */
export async function setup(project: TestProject) {
  database = await startTestDatabase(process.env.DATABASE_URL);
  project.provide('databaseUrl', database.url);
  project.provide('useDist', Boolean(process.env.ROLLCALL_TEST_DIST));
}

export async function teardown() {
  await database?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    useDist: boolean;
  }
}
