import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isEnumType, isInputObjectType, isObjectType } from 'graphql';
import { printedSchema, schemaFile } from '@rollcall/server/schema';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/processes.js';

describe('schema.graphql', () => {
  it('is what the code builds (run `pnpm --filter @rollcall/server schema:emit` after changing the API)', async () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(await printedSchema());
  });

  it("is what the console's generated operation types were made from (run `pnpm --filter @rollcall/console codegen`)", () => {
    // GraphQL Code Generator's own dry run: it validates every document in apps/console/src/lib/graphql
    // against schema.graphql and fails when a generated file would change.
    const console = join(repoRoot, 'apps', 'console');
    const run = spawnSync(
      join(console, 'node_modules', '.bin', 'graphql-codegen'),
      ['--config', 'codegen.ts', '--check'],
      {
        cwd: console,
        encoding: 'utf8',
      },
    );
    expect(run.stdout + run.stderr).not.toMatch(/stale files|errors occurred/);
    expect(run.status).toBe(0);
  });

  it('describes every type, field, argument and enum value', () => {
    const schema = buildSchema(readFileSync(schemaFile, 'utf8'));
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name))
        continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : [])
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type))
        for (const value of type.getValues())
          if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });
});
