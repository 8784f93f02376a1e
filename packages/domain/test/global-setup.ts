import type { TestProject } from 'vitest/node';
import { startTestDatabase, type TestDatabase } from '../src/testing.js';

let database: TestDatabase | undefined;

export async function setup(project: TestProject) {
  database = await startTestDatabase(process.env.DATABASE_URL);
  project.provide('databaseUrl', database.url);
}

export async function teardown() {
  await database?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
