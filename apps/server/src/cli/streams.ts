import {
  TenantDirectory,
  exportText,
  tenantArchive,
  withTenant,
  type ExportKind,
  type MikroORM,
} from '@rollcall/domain';
import { actor, dateOption, required, UsageError, type Options } from './options.js';

/**
 * The commands whose output is the records themselves (NDJSON or CSV on stdout), written a batch at a
 * time as they are read, so a year of a large tenant's log never sits in memory.
 */
export const streams: Record<
  string,
  (orm: MikroORM, args: string[], options: Options) => Promise<AsyncIterable<string>>
> = {
  'audit:export': (orm, _args, options) => recordsOf(orm, 'audit', options),
  'requests:export': (orm, _args, options) => recordsOf(orm, 'requests', options),
  async 'tenant:export'(orm, [slug]) {
    if (!slug) throw new UsageError('tenant:export needs a slug');
    const tenant = await new TenantDirectory(orm).getBySlug(slug);
    await withTenant(orm, tenant.id, { actor }, (s) => s.retention.recordExport('workspace'));
    return tenantArchive(orm, tenant);
  },
};

async function recordsOf(orm: MikroORM, kind: ExportKind, options: Options) {
  const range = { from: dateOption(options, 'from'), to: dateOption(options, 'to') };
  const format = options.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') throw new UsageError('--format must be ndjson or csv');
  const tenant = await new TenantDirectory(orm).getBySlug(required(options, 'tenant'));
  await withTenant(orm, tenant.id, { actor }, (s) => s.retention.recordExport(kind, range));
  return exportText(orm, tenant.id, kind, range, format);
}
