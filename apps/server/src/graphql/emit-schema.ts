// `pnpm --filter @rollcall/server schema:emit`: write schema.graphql, the console's and integrators'
// contract. A test fails when the committed file differs from what the code builds.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { createSchema } from './schema.js';

export const schemaFile = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

export async function printedSchema(): Promise<string> {
  return `${printSchema(await createSchema())}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(schemaFile, await printedSchema());
  process.stdout.write(`wrote ${schemaFile}\n`);
}
