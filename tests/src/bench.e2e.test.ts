import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from './support/processes.js';

// A few seconds of the benchmark on a tiny directory, so `pnpm bench` cannot rot. No timing is
// asserted here (shared machines vary); only that every scenario ran, against both servers, without errors.
it('the benchmark runs end to end (smoke)', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'rollcall-bench-')), 'result.json');
  const child = spawn(
    join(repoRoot, 'node_modules/.bin/tsx'),
    [
      '--tsconfig',
      'tsconfig.json',
      '--conditions=@rollcall/source',
      'tests/bench/run.ts',
      '--smoke',
      '--out',
      out,
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const [code] = (await once(child, 'close')) as [number];
  expect(code, output).toBe(0);
  const result = JSON.parse(readFileSync(out, 'utf8')) as {
    rows: {
      scenario: string;
      rollcall: { opsPerSecond: number; errors: number };
      baseline: { opsPerSecond: number; errors: number };
    }[];
    growth: unknown[];
  };
  expect(result.rows.length).toBeGreaterThanOrEqual(15);
  for (const row of result.rows) {
    expect(row.rollcall.errors, row.scenario).toBe(0);
    expect(row.baseline.errors, row.scenario).toBe(0);
    expect(row.rollcall.opsPerSecond, row.scenario).toBeGreaterThan(0);
    expect(row.baseline.opsPerSecond, row.scenario).toBeGreaterThan(0);
  }
  expect(result.growth.length).toBeGreaterThan(0);
}, 180_000);
