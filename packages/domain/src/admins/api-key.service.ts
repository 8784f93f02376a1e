import { z } from 'zod';
import { DomainError } from '../errors.js';
import { isId } from '../ids.js';
import { parseInput, requiredName } from '../rules.js';
import { hashSecret, newSecret } from '../secrets.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import { adminRoles, type AdminRole } from './admin.entity.js';
import { ApiKey } from './api-key.entity.js';

export interface ApiKeySnapshot {
  id: string;
  name: string;
  role: AdminRole;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const newKeySchema = z.object({ name: requiredName(120), role: z.enum(adminRoles) });

const toSnapshot = ({
  id,
  name,
  role,
  prefix,
  createdAt,
  lastUsedAt,
  revokedAt,
}: ApiKey): ApiKeySnapshot => ({
  id,
  name,
  role,
  prefix,
  createdAt,
  lastUsedAt,
  revokedAt,
});

/**
 * The tenant id is part of an API key (`rc_key_<tenant>_<secret>`), so a key can be checked inside its
 * tenant's scope, under row-level security, before anything else is known.
 */
export function apiKeyTenant(key: string): string | null {
  const match = /^rc_key_([0-9a-f]{32})_[A-Za-z0-9_-]{20,}$/.exec(key);
  if (!match) return null;
  const hex = match[1]!;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Integrators' API keys: named, role-scoped, stored hashed, shown once, revocable. */
export class ApiKeyService {
  constructor(private readonly scope: TenantScope) {}

  /** Errors: `invalid_input`. The key itself is in the result this once and never again. */
  async create(input: { name: string; role: AdminRole }): Promise<{ apiKey: ApiKeySnapshot; key: string }> {
    const { name, role } = parseInput(newKeySchema, input);
    const key = `rc_key_${this.scope.tenantId.replaceAll('-', '')}_${newSecret('key').slice('rc_key_'.length)}`;
    const entity = this.scope.em.create(ApiKey, {
      tenantId: this.scope.tenantId,
      name,
      role,
      prefix: key.slice(0, 44),
      secretHash: hashSecret(key),
      createdBy: this.scope.context.actor.id,
    } as ApiKey);
    this.scope.audit({
      action: 'api_key.create',
      targetType: 'api_key',
      targetId: entity.id,
      changes: { name: { before: null, after: name }, role: { before: null, after: role } },
    });
    await this.scope.em.flush();
    return { apiKey: toSnapshot(entity), key };
  }

  async list(): Promise<ApiKeySnapshot[]> {
    return (await this.scope.em.find(ApiKey, {}, { orderBy: { createdAt: 'desc', id: 'desc' } })).map(
      toSnapshot,
    );
  }

  /** Revoke a key: it stops working at once. Errors: `api_key.not_found`. */
  async revoke(id: string): Promise<ApiKeySnapshot> {
    const key = isId(id) ? await this.scope.em.findOne(ApiKey, { id }) : null;
    if (!key) throw new DomainError('api_key.not_found', `No API key with id ${id}`, { id });
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      this.scope.audit({
        action: 'api_key.revoke',
        targetType: 'api_key',
        targetId: id,
        changes: { revokedAt: { before: null, after: key.revokedAt } },
      });
      await this.scope.em.flush();
    }
    return toSnapshot(key);
  }
}
