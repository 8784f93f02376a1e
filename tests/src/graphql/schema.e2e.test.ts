import { readFileSync } from 'node:fs';
import { buildSchema, isEnumType, isInputObjectType, isObjectType } from 'graphql';
import { printedSchema, schemaFile } from '@rollcall/server/schema';
import { describe, expect, it } from 'vitest';

describe('schema.graphql', () => {
  it('is what the code builds (run `pnpm --filter @rollcall/server schema:emit` after changing the API)', async () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(await printedSchema());
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
