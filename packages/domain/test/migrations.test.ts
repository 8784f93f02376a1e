import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ormConfig } from '../src/database/orm.js';

describe('migrations', () => {
  it('every migration file is in the list the server applies, in order', () => {
    const files = readdirSync(new URL('../src/migrations/', import.meta.url))
      .filter((f) => /^Migration\d+\w*\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    const listed = (ormConfig({ databaseUrl: 'postgres://unused' }).migrations!.migrationsList ?? []).map(
      (m) => (m as { name: string }).name,
    );
    expect(listed).toEqual(files);
  });
});
