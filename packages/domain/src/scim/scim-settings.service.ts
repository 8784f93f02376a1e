import { LockMode } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { diffAttributes } from '../audit/diff.js';
import { DomainError } from '../errors.js';
import { isId } from '../ids.js';
import { parseInput } from '../rules.js';
import { hashSecret, newSecret, secretPrefix } from '../secrets.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import {
  ScimSettings,
  scimProviders,
  userScopes,
  type ScimProvider,
  type UserScope,
} from './scim-settings.entity.js';
import { ScimToken } from './scim-token.entity.js';
import { connectionHealth, type ConnectionHealth } from './connection-health.js';

export interface ScimTokenInfo {
  id: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Set on a replaced token: it keeps working until then, or until the new one is first used. */
  expiresAt: Date | null;
}

/** How long a replaced token keeps working by default (rotation without downtime), and at most. */
export const defaultTokenOverlapMinutes = 24 * 60;
const maxTokenOverlapMinutes = 7 * 24 * 60;

export interface ScimSettingsSnapshot {
  enabled: boolean;
  provider: ScimProvider;
  userScope: UserScope;
  /** Attributes Rollcall does not keep are refused (400) rather than ignored and reported. */
  strictAttributes: boolean;
  /** Working tokens, newest first (never the secret: only its prefix); a second one is in its overlap. */
  tokens: ScimTokenInfo[];
  /** Users the IdP manages, and users the console manages. */
  idpManagedUsers: number;
  consoleUsers: number;
  deprovisioningBrake: DeprovisioningBrakeSnapshot;
}

/** The mass-deprovisioning brake's settings and state (deprovisioning-brake.ts). */
export interface DeprovisioningBrakeSnapshot {
  enabled: boolean;
  maxUsers: number;
  maxPercent: number;
  windowMinutes: number;
  /** Set while deprovisioning is held; `heldRequests` IdP requests were refused since. */
  heldSince: Date | null;
  heldRequests: number;
  /** After a release: deprovisioning flows unchecked until then. */
  releasedUntil: Date | null;
  /** Distinct users the IdP deactivated or deleted within the window. */
  recentDeprovisions: number;
}

/** The result of an action that issues a token: the secret is in it this once, and never again. */
export interface IssuedToken {
  settings: ScimSettingsSnapshot;
  token: string;
}

const settingsChangeSchema = z.object({
  provider: z.enum(scimProviders).optional(),
  userScope: z.enum(userScopes).optional(),
  strictAttributes: z.boolean().optional(),
  brakeEnabled: z.boolean().optional(),
  brakeMaxUsers: z.number().int().min(1).max(10_000_000).optional(),
  brakeMaxPercent: z.number().int().min(1).max(100).optional(),
  brakeWindowMinutes: z.number().int().min(1).max(10_080).optional(),
});
export type ScimSettingsChange = z.input<typeof settingsChangeSchema>;

const settingNames = [
  'enabled',
  'provider',
  'userScope',
  'strictAttributes',
  'brakeEnabled',
  'brakeMaxUsers',
  'brakeMaxPercent',
  'brakeWindowMinutes',
] as const;

/** The Identity & Security settings (design.md §1): the switch, the provider, the scope, the tokens. */
export class ScimSettingsService {
  constructor(private readonly scope: TenantScope) {}

  private get em() {
    return this.scope.em;
  }

  /**
   * The settings as the Identity & Security page shows them, in one statement that writes nothing (a
   * one-round-trip read: every console page asks for them). A tenant that never saved any has the
   * defaults.
   */
  async get(): Promise<ScimSettingsSnapshot> {
    const { row, ...along } = await this.current();
    const defaults = new ScimSettings(this.scope.tenantId);
    return present(row ? Object.assign(defaults, settingsOf(row)) : defaults, along);
  }

  /**
   * What needs an admin now, cheaply (every console page asks): a deprovisioning hold, and refused
   * IdP creates waiting in the conflict inbox.
   */
  async attention(): Promise<{ deprovisioningHeldSince: Date | null; openConflicts: number }> {
    const [row] = await this.scope.sql<{ heldSince: string | null; openConflicts: number }>(
      `select (select brake_held_since from scim_settings where tenant_id = ?) as "heldSince",
              (select count(*)::int from scim_conflict where tenant_id = ? and status = 'open') as "openConflicts"`,
      [this.scope.tenantId, this.scope.tenantId],
    );
    return {
      deprovisioningHeldSince: row?.heldSince ? new Date(row.heldSince) : null,
      openConflicts: row?.openConflicts ?? 0,
    };
  }

  /** Connection health from the SCIM request log: last request, hourly errors, dialect, warnings. */
  async health(): Promise<ConnectionHealth> {
    const settings = await this.row();
    return connectionHealth(this.scope, { enabled: settings.enabled, provider: settings.provider });
  }

  /** Switch SCIM on and issue a token, revoking any earlier one. */
  async enable(): Promise<IssuedToken> {
    const settings = await this.row(true);
    const before = { ...settings };
    settings.enabled = true;
    this.scope.audit({
      action: 'scim.enable',
      targetType: 'scim_settings',
      targetId: null,
      changes: diffAttributes(before, settings, settingNames),
    });
    return this.issue(settings);
  }

  /** Switch SCIM off: synchronisation stops at once and every token of the tenant is revoked. */
  async disable(): Promise<ScimSettingsSnapshot> {
    const settings = await this.row(true);
    const before = { ...settings };
    settings.enabled = false;
    const revoked = await this.revokeAll();
    this.scope.audit({
      action: 'scim.disable',
      targetType: 'scim_settings',
      targetId: null,
      changes: {
        ...diffAttributes(before, settings, settingNames),
        tokens: { before: null, after: null, removed: revoked },
      },
    });
    await this.em.flush();
    return this.snapshot(settings);
  }

  /**
   * Issue a new token. The current one keeps working for `overlapMinutes` (default a day; 0 = stops
   * now) or until the IdP first uses the new one, so the admin can update the IdP without a gap.
   * Any older token still in an overlap stops now. Errors: `invalid_input`.
   */
  async regenerateToken(options: { overlapMinutes?: number } = {}): Promise<IssuedToken> {
    const { overlapMinutes } = parseInput(
      z.object({
        overlapMinutes: z
          .number()
          .int()
          .min(0)
          .max(maxTokenOverlapMinutes)
          .default(defaultTokenOverlapMinutes),
      }),
      options,
    );
    const settings = await this.row(true);
    const [current, ...older] = await this.workingTokens();
    const kept = current && overlapMinutes > 0 ? current : undefined;
    if (kept) kept.expiresAt = new Date(Date.now() + overlapMinutes * 60_000);
    return this.issue(settings, kept, [...older, ...(current && !kept ? [current] : [])]);
  }

  /**
   * A short-lived token for "Test my connection" (never shown, never pasted into the IdP, never
   * retiring the IdP's token); the caller revokes it when done. Errors: `scim.disabled`.
   */
  async issueSelfCheckToken(minutes = 5): Promise<{ id: string; token: string }> {
    const settings = await this.row();
    if (!settings.enabled)
      throw new DomainError('scim.disabled', 'SCIM is off: turn it on before testing the connection');
    const secret = newSecret('scim');
    const token = this.em.create(ScimToken, {
      tenantId: this.scope.tenantId,
      prefix: secretPrefix(secret),
      tokenHash: hashSecret(secret),
      purpose: 'self_check',
      expiresAt: new Date(Date.now() + minutes * 60_000),
    } as ScimToken);
    await this.em.flush();
    return { id: token.id, token: secret };
  }

  /** Revoke a self-check token (only those). */
  async revokeSelfCheckToken(id: string): Promise<void> {
    if (!isId(id)) return;
    const token = await this.em.findOne(ScimToken, { id, purpose: 'self_check' });
    if (token && !token.revokedAt) token.revokedAt = new Date();
    await this.em.flush();
  }

  /** Stop the replaced token now, before its overlap ends. */
  async revokePreviousToken(): Promise<ScimSettingsSnapshot> {
    const settings = await this.row(true);
    const [, ...previous] = await this.workingTokens();
    if (previous.length) {
      for (const token of previous) token.revokedAt = new Date();
      this.scope.audit({
        action: 'scim.token.revoke',
        targetType: 'scim_token',
        targetId: previous[0]!.id,
        changes: { tokens: { before: null, after: null, removed: previous.map((t) => t.prefix) } },
      });
      await this.em.flush();
    }
    return this.snapshot(settings);
  }

  /** Save provider and scope together (the "Save your settings" step), audited before → after. */
  async update(input: ScimSettingsChange): Promise<ScimSettingsSnapshot> {
    const change = parseInput(settingsChangeSchema, input);
    const settings = await this.row(true);
    const before = { ...settings };
    this.em.assign(settings, change);
    const changes = diffAttributes(before, settings, settingNames);
    if (Object.keys(changes).length > 0) {
      this.scope.audit({ action: 'scim.settings', targetType: 'scim_settings', targetId: null, changes });
      await this.em.flush();
    }
    return this.snapshot(settings);
  }

  /**
   * Release a deprovisioning hold: the held deactivations and deletes go through on the IdP's next
   * retries, and deprovisioning flows unchecked for one window (then the brake counts afresh).
   */
  async releaseDeprovisioningHold(): Promise<ScimSettingsSnapshot> {
    const settings = await this.row(true);
    if (settings.brakeHeldSince) {
      const heldRequests = settings.brakeHeldRequests;
      settings.brakeHeldSince = null;
      settings.brakeHeldRequests = 0;
      settings.brakeReleasedUntil = new Date(Date.now() + settings.brakeWindowMinutes * 60_000);
      this.scope.audit({
        action: 'scim.deprovisioning.release',
        targetType: 'scim_settings',
        targetId: null,
        changes: {
          deprovisioningHeld: { before: true, after: false },
          heldRequests: { before: heldRequests, after: 0 },
        },
      });
      await this.em.flush();
    }
    return this.snapshot(settings);
  }

  /** Issue a token; `kept` stays working for its overlap, the `retired` ones (default: all) stop now. */
  private async issue(settings: ScimSettings, kept?: ScimToken, retired?: ScimToken[]): Promise<IssuedToken> {
    const revoked = retired ? this.revoke(retired) : await this.revokeAll();
    const secret = newSecret('scim');
    const token = this.em.create(ScimToken, {
      tenantId: this.scope.tenantId,
      prefix: secretPrefix(secret),
      tokenHash: hashSecret(secret),
    } as ScimToken);
    this.scope.audit({
      action: 'scim.token.issue',
      targetType: 'scim_token',
      targetId: token.id,
      changes: {
        tokens: { before: null, after: token.prefix, removed: revoked },
        ...(kept ? { previousTokenUntil: { before: null, after: kept.expiresAt!.toISOString() } } : {}),
      },
    });
    await this.em.flush();
    return { settings: await this.snapshot(settings), token: secret };
  }

  /** Revoke every token not yet revoked; returns their prefixes (for the audit trail). */
  private async revokeAll(): Promise<string[]> {
    return this.revoke(await this.em.find(ScimToken, { revokedAt: null }));
  }

  private revoke(tokens: ScimToken[]): string[] {
    for (const token of tokens) token.revokedAt = new Date();
    return tokens.map((token) => token.prefix);
  }

  /** The tokens that work now, newest first. */
  private workingTokens(): Promise<ScimToken[]> {
    return this.em.find(
      ScimToken,
      { purpose: 'idp', revokedAt: null, $or: [{ expiresAt: null }, { expiresAt: { $gt: new Date() } }] },
      { orderBy: { createdAt: 'desc', id: 'desc' } },
    );
  }

  /** The settings row, locked when about to change (two admins saving at once are serialised). */
  private async row(forUpdate = false): Promise<ScimSettings> {
    const found = await this.em.findOne(
      ScimSettings,
      { tenantId: this.scope.tenantId },
      forUpdate ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
    );
    if (found) return found;
    // Created lazily; the primary key makes concurrent first saves collide instead of duplicating.
    const created = new ScimSettings(this.scope.tenantId);
    this.em.persist(created);
    return created;
  }

  /** The snapshot after a change: the change written first (in this transaction), then read along. */
  private async snapshot(settings: ScimSettings): Promise<ScimSettingsSnapshot> {
    await this.em.flush();
    const { row: _row, ...along } = await this.current();
    return present(settings, along);
  }

  /**
   * The settings row (null before a first save) and what is shown along with it, in one statement:
   * the working tokens, the users each side manages (kept by trigger, Migration20261204000000UserCounts:
   * counting a large directory on every read made the console wait on it) and recent deprovisions.
   */
  private async current(): Promise<{ row: Record<string, unknown> | null } & AlongSettings> {
    const [row] = await this.scope.sql<{
      settings: Record<string, unknown> | null;
      tokens: Record<string, string | null>[];
      counts: Record<string, number>;
      recent: number;
    }>(
      `select to_jsonb(s) as settings,
              (select coalesce(json_agg(json_build_object('id', t.id, 'prefix', t.prefix, 'createdAt', t.created_at,
                                                          'lastUsedAt', t.last_used_at, 'expiresAt', t.expires_at)
                                        order by t.created_at desc, t.id desc), '[]')
                 from scim_token t
                where t.tenant_id = k.id and t.purpose = 'idp' and t.revoked_at is null
                  and (t.expires_at is null or t.expires_at > now())) as tokens,
              (select coalesce(json_object_agg(managed_by, n), '{}')
                 from (select managed_by, sum(delta) as n from directory_user_count
                        where tenant_id = k.id group by managed_by) c) as counts,
              (select count(distinct user_id)::int from deprovision_event
                where tenant_id = k.id
                  and at > now() - make_interval(mins => coalesce(s.brake_window_minutes, ?))) as recent
         from (select ?::uuid as id) k left join scim_settings s on s.tenant_id = k.id`,
      [new ScimSettings(this.scope.tenantId).brakeWindowMinutes, this.scope.tenantId],
    );
    const date = (value: string | null | undefined) => (value ? new Date(value) : null);
    return {
      row: row?.settings ?? null,
      tokens: (row?.tokens ?? []).map((t) => ({
        id: t['id']!,
        prefix: t['prefix']!,
        createdAt: new Date(t['createdAt']!),
        lastUsedAt: date(t['lastUsedAt']),
        expiresAt: date(t['expiresAt']),
      })),
      usersManagedBy: { idp: Number(row?.counts['idp'] ?? 0), console: Number(row?.counts['console'] ?? 0) },
      recentDeprovisions: row?.recent ?? 0,
    };
  }
}

/** What the settings are shown with (`current`). */
interface AlongSettings {
  tokens: ScimTokenInfo[];
  usersManagedBy: { idp: number; console: number };
  recentDeprovisions: number;
}

/** The snapshot of the settings and what is shown along with them. */
function present(settings: ScimSettings, along: AlongSettings): ScimSettingsSnapshot {
  const { tokens, usersManagedBy, recentDeprovisions: recent } = along;
  return {
    enabled: settings.enabled,
    provider: settings.provider,
    userScope: settings.userScope,
    strictAttributes: settings.strictAttributes,
    tokens: tokens.map(({ id, prefix, createdAt, lastUsedAt, expiresAt }) => ({
      id,
      prefix,
      createdAt,
      lastUsedAt,
      expiresAt,
    })),
    idpManagedUsers: usersManagedBy.idp,
    consoleUsers: usersManagedBy.console,
    deprovisioningBrake: {
      enabled: settings.brakeEnabled,
      maxUsers: settings.brakeMaxUsers,
      maxPercent: settings.brakeMaxPercent,
      windowMinutes: settings.brakeWindowMinutes,
      heldSince: settings.brakeHeldSince,
      heldRequests: settings.brakeHeldRequests,
      releasedUntil:
        settings.brakeReleasedUntil && settings.brakeReleasedUntil > new Date()
          ? settings.brakeReleasedUntil
          : null,
      recentDeprovisions: recent,
    },
  };
}

/** A `scim_settings` row as `to_jsonb` gives it (snake_case, timestamps as text), as entity fields. */
function settingsOf(row: Record<string, unknown>): Partial<ScimSettings> {
  const fields: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    const field = column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    fields[field] = typeof value === 'string' && timestampFields.has(field) ? new Date(value) : value;
  }
  return fields as Partial<ScimSettings>;
}
const timestampFields = new Set(['brakeHeldSince', 'brakeReleasedUntil', 'updatedAt']);
