// What an export reads (issue 19): shared by the domain's batch read and the streaming generator.

/** What can be exported (issue 19): the audit trail and the SCIM request log (stored masked). */
export type ExportKind = 'audit' | 'requests';

export interface ExportRange {
  /** Inclusive; absent: from the first record. */
  from?: Date | undefined;
  /** Exclusive; absent: up to now. */
  to?: Date | undefined;
}

/** Each kind's rows: the columns, in the order CSV shows them, under their export names. */
const sources: Record<ExportKind, { table: string; columns: [string, string][] }> = {
  audit: {
    table: 'audit_event',
    columns: [
      ['id', 'id'],
      ['at', 'at'],
      ['actorKind', 'actor_kind'],
      ['actorId', 'actor_id'],
      ['actorLabel', 'actor_label'],
      ['action', 'action'],
      ['targetType', 'target_type'],
      ['targetId', 'target_id'],
      ['changes', 'changes'],
      ['requestId', 'request_id'],
      ['dialect', 'dialect'],
      ['outcome', 'outcome'],
    ],
  },
  requests: {
    table: 'scim_request_log',
    columns: [
      ['id', 'id'],
      ['at', 'at'],
      ['method', 'method'],
      ['path', 'path'],
      ['status', 'status'],
      ['scimType', 'scim_type'],
      ['durationMs', 'duration_ms'],
      ['tokenPrefix', 'token_prefix'],
      ['dialect', 'dialect'],
      ['requestId', 'request_id'],
      ['userAgent', 'user_agent'],
      ['requestBody', 'request_body'],
      ['responseBody', 'response_body'],
      ['ignoredAttributes', 'ignored_attributes'],
    ],
  },
};

/** The export names of a kind's fields (a CSV header). */
export const exportFields = (kind: ExportKind): string[] => sources[kind].columns.map(([name]) => name);

/** The statement of one batch (`exportBatch`): a kind's columns after an id, in a range. */
export function exportStatement(
  kind: ExportKind,
  tenantId: string,
  range: ExportRange,
  after: string,
  batch: number,
): { query: string; params: unknown[] } {
  const { table, columns } = sources[kind];
  const select = columns.map(([name, column]) => `${column} as "${name}"`).join(', ');
  return {
    query: `select ${select} from ${table}
             where tenant_id = ? and id > ? ${range.from ? 'and at >= ?' : ''} ${range.to ? 'and at < ?' : ''}
             order by id limit ?`,
    params: [tenantId, after, ...(range.from ? [range.from] : []), ...(range.to ? [range.to] : []), batch],
  };
}

/** One record as a CSV line (RFC 4180: quoted when needed; JSON columns as their JSON text). */
export function csvLine(values: unknown[]): string {
  return (
    values
      .map((value) => {
        if (value === null || value === undefined) return '';
        const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
        return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}
