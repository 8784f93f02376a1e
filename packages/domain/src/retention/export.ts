import type { MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '../errors.js';
import { systemActor } from '../tenancy/actor.js';
import { readWithTenant } from '../tenancy/one-round-trip.js';
import { csvLine, exportFields, type ExportKind, type ExportRange } from './export-sources.js';

export { csvLine, exportFields, type ExportKind, type ExportRange } from './export-sources.js';

export type ExportFormat = 'ndjson' | 'csv';

/**
 * A tenant's records of `kind` in a time range, oldest first, `batch` rows at a time: each batch is
 * one keyset read (by id, time-ordered: UUIDv7) in its own round trip, so memory stays bounded however
 * many rows there are, and no transaction stays open while the caller writes them out.
 */
export async function* exportRecords(
  orm: MikroORM,
  tenantId: string,
  kind: ExportKind,
  range: ExportRange,
  batch = 1000,
): AsyncGenerator<Record<string, unknown>[]> {
  if (range.from && range.to && range.from >= range.to)
    throw new DomainError('invalid_input', '"from" must be before "to"');
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await readWithTenant(orm, tenantId, { actor: systemActor('export') }, (s) =>
      s.retention.exportBatch(kind, range, after, batch),
    );
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    after = rows.at(-1)!['id'] as string;
  }
}

/** The export as text, a batch of lines per chunk: NDJSON (one JSON object a line) or CSV with a header. */
export async function* exportText(
  orm: MikroORM,
  tenantId: string,
  kind: ExportKind,
  range: ExportRange,
  format: ExportFormat,
): AsyncGenerator<string> {
  const fields = exportFields(kind);
  if (format === 'csv') yield csvLine(fields);
  for await (const rows of exportRecords(orm, tenantId, kind, range))
    yield rows
      .map((row) => (format === 'csv' ? csvLine(fields.map((f) => row[f])) : `${JSON.stringify(row)}\n`))
      .join('');
}
