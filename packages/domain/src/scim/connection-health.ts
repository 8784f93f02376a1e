import type { TenantScope } from '../tenancy/with-tenant.js';
import { providerLabels, type ScimProvider } from './scim-settings.entity.js';

export interface HealthBucket {
  /** The start of the hour. */
  start: Date;
  requests: number;
  errors: number;
}

export type HealthWarningCode =
  | 'no_requests_yet'
  | 'no_recent_requests'
  | 'mostly_failing'
  | 'legacy_entra'
  | 'ignored_attributes';

export interface HealthWarning {
  code: HealthWarningCode;
  message: string;
}

export interface ConnectionHealth {
  lastRequestAt: Date | null;
  /** The dialect most requests of the last 24 hours spoke: entra, entra-2020, okta, other. */
  dialect: string | null;
  /** How often the provider is expected to call (Entra's provisioning cycle), if it calls on a cycle. */
  expectedCadenceMinutes: number | null;
  /** Share of the latest (up to 50) requests that failed. */
  recentErrorRate: number;
  /** The last 24 hours, hour by hour (hours without requests included, as zeros). */
  hourly: HealthBucket[];
  warnings: HealthWarning[];
}

/** Entra runs a provisioning cycle about every 40 minutes; Okta pushes on events, with no cycle. */
const cadence: Record<ScimProvider, number | null> = { entra_id: 40, okta: null, other: null };
const silentAfterHours = 3;

/**
 * "Is my sync healthy?", from the SCIM request log: when the IdP last called, how many calls failed hour
 * by hour, which dialect it speaks, and warnings that say what to do. A failure is any 4xx or 5xx but
 * 404 (IdPs probe for users that are not there yet as part of matching).
 */
export async function connectionHealth(
  scope: TenantScope,
  settings: { enabled: boolean; provider: ScimProvider },
): Promise<ConnectionHealth> {
  const tenantId = scope.tenantId;
  const failed = 'status >= 400 and status <> 404';
  // "Test my connection" calls the endpoint too; health is about the identity provider.
  const fromIdp = "dialect is distinct from 'self-check'";
  const hours = await scope.sql<{ start: string; requests: number; errors: number }>(
    `select h as start, count(l.id)::int as requests, (count(l.id) filter (where ${failed}))::int as errors
       from generate_series(date_trunc('hour', now()) - interval '23 hours', date_trunc('hour', now()), interval '1 hour') h
       left join scim_request_log l on l.tenant_id = ? and l.at >= h and l.at < h + interval '1 hour'
            and ${fromIdp}
      group by h order by h`,
    [tenantId],
  );
  const [summary] = (await scope.sql<{
    lastAt: string | null;
    dialect: string | null;
    recentErrorRate: number;
  }>(
    `select (select max(at) from scim_request_log where tenant_id = ? and ${fromIdp}) as "lastAt",
            (select dialect from scim_request_log where tenant_id = ? and at > now() - interval '24 hours'
                and ${fromIdp}
              group by dialect order by count(*) desc, dialect limit 1) as dialect,
            coalesce((select avg(case when ${failed} then 1 else 0 end)::float8
                        from (select status from scim_request_log where tenant_id = ? and ${fromIdp}
                               order by at desc limit 50) r), 0)
              as "recentErrorRate"`,
    [tenantId, tenantId, tenantId],
  )) as [{ lastAt: string | null; dialect: string | null; recentErrorRate: number }];
  const [{ recent }] = (await scope.sql<{ recent: number }>(
    `select count(*)::int as recent
       from (select 1 from scim_request_log where tenant_id = ? and ${fromIdp} order by at desc limit 50) r`,
    [tenantId],
  )) as [{ recent: number }];

  // Attributes the IdP sent within a week that Rollcall ignored (an extra mapping in the IdP).
  const ignored = await scope.sql<{ name: string }>(
    `select name from scim_ignored_attribute where tenant_id = ? and last_seen_at > now() - interval '7 days'
      order by last_seen_at desc, name limit 11`,
    [tenantId],
  );

  const lastRequestAt = summary.lastAt ? new Date(summary.lastAt) : null;
  const name = settings.provider === 'other' ? 'Your identity provider' : providerLabels[settings.provider];
  const warnings: HealthWarning[] = [];
  if (settings.enabled && !lastRequestAt)
    warnings.push({
      code: 'no_requests_yet',
      message: `No request from ${name} yet: paste the SCIM URL and token into it and start provisioning.`,
    });
  const silentHours = lastRequestAt ? (Date.now() - lastRequestAt.getTime()) / 3_600_000 : 0;
  if (settings.enabled && lastRequestAt && silentHours >= silentAfterHours)
    warnings.push({
      code: 'no_recent_requests',
      message:
        `No request for ${Math.floor(silentHours)} hours` +
        (cadence[settings.provider]
          ? ` (${name} syncs about every ${cadence[settings.provider]} minutes)`
          : '') +
        ': check that provisioning is running in the identity provider.',
    });
  if (recent >= 10 && summary.recentErrorRate > 0.5)
    warnings.push({
      code: 'mostly_failing',
      message:
        `Most recent requests are failing (${Math.round(summary.recentErrorRate * 100)} %)` +
        (settings.provider === 'entra_id' ? ': Entra will quarantine this provisioning job' : '') +
        '. The SCIM request log shows why.',
    });
  if (summary.dialect === 'entra')
    warnings.push({
      code: 'legacy_entra',
      message:
        "Requests use Microsoft Entra's legacy SCIM dialect: add ?aadOptscim062020 at the end of the Tenant URL " +
        'in Entra (Provisioning → Admin credentials) for standards-compliant behaviour.',
    });
  if (ignored.length)
    warnings.push({
      code: 'ignored_attributes',
      message:
        `${name} sends attributes Rollcall does not keep: ` +
        ignored
          .slice(0, 10)
          .map((a) => a.name)
          .join(', ') +
        (ignored.length > 10 ? ' and more' : '') +
        ' — remove the mapping in the identity provider, or ask for them to be kept. They are ignored; the rest ' +
        'of each request applies.',
    });
  return {
    lastRequestAt,
    dialect: summary.dialect,
    expectedCadenceMinutes: cadence[settings.provider],
    recentErrorRate: summary.recentErrorRate,
    hourly: hours.map((h) => ({ start: new Date(h.start), requests: h.requests, errors: h.errors })),
    warnings,
  };
}
