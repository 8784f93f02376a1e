import type { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { mapConstraintErrors } from '../database/constraint-errors.js';
import { DomainError } from '../errors.js';
import { isId } from '../ids.js';
import { parseInput, requiredName } from '../rules.js';
import { tenantOwnedTables } from '../migrations/tenant-owned-tables.js';
import { Tenant } from './tenant.entity.js';

export interface TenantSnapshot {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
}

const slugPattern = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Whether `text` can be a tenant's slug (any case): what is not never reaches the database. */
export const isSlug = (text: string): boolean => slugPattern.test(text.toLowerCase());

const newTenantSchema = z.object({
  slug: z.string().regex(slugPattern, 'lowercase letters, digits and inner hyphens, at most 63'),
  name: requiredName(),
});

const toSnapshot = ({ id, slug, name, createdAt }: Tenant): TenantSnapshot => ({ id, slug, name, createdAt });

/**
 * The registry of tenants: the one table that is not tenant-owned. It answers "which tenant is this
 * slug" before any tenant scope exists, and creates tenants; it can read nothing inside a tenant.
 */
export class TenantDirectory {
  constructor(private readonly orm: MikroORM) {}

  private fork() {
    return this.orm.em.fork({ clear: true, useContext: false });
  }

  /** Errors: `invalid_input`, `tenant.slug_taken`. */
  async create(input: { slug: string; name: string }): Promise<TenantSnapshot> {
    const { slug, name } = parseInput(newTenantSchema, input);
    const em = this.fork();
    const tenant = new Tenant(slug, name);
    em.persist(tenant);
    await mapConstraintErrors(() => em.flush(), {
      tenant_slug_key: () =>
        new DomainError('tenant.slug_taken', `A tenant with slug "${slug}" already exists`, { slug }),
    });
    return toSnapshot(tenant);
  }

  async findBySlug(slug: string): Promise<TenantSnapshot | null> {
    if (!isSlug(slug)) return null;
    const tenant = await this.fork().findOne(Tenant, { slug: slug.toLowerCase() });
    return tenant ? toSnapshot(tenant) : null;
  }

  async findById(id: string): Promise<TenantSnapshot | null> {
    if (!isId(id)) return null;
    const tenant = await this.fork().findOne(Tenant, { id });
    return tenant ? toSnapshot(tenant) : null;
  }

  /**
   * Delete a tenant and everything it owns, in one transaction (every tenant-owned table cascades from
   * `tenant`): its tokens, API keys and sessions stop working at once. The deletion is recorded outside
   * the tenant (`tenant_deletion`: who, when, how many rows of each table). `confirm` must be the slug.
   * Errors: `tenant.not_found`, `invalid_input` (the confirmation does not match).
   */
  async delete(
    slug: string,
    { confirm, by }: { confirm: string; by: string },
  ): Promise<{ tenant: TenantSnapshot; rows: Record<string, number> }> {
    const tenant = await this.getBySlug(slug);
    if (confirm.trim().toLowerCase() !== tenant.slug)
      throw new DomainError(
        'invalid_input',
        `To delete ${tenant.slug}, confirm with its slug, "${tenant.slug}"`,
      );
    const rows: Record<string, number> = {};
    await this.orm.em.getKnex().transaction(async (trx) => {
      // The tenant's own rows are visible only under its setting (row-level security is forced).
      await trx.raw(`select set_config('rollcall.tenant_id', ?, true)`, [tenant.id]);
      await trx.raw('select id from tenant where id = ? for update', [tenant.id]);
      for (const table of tenantOwnedTables) {
        const { rows: counted } = await trx.raw(
          `select count(*)::int as n from ${table} where tenant_id = ?`,
          [tenant.id],
        );
        if (counted[0].n > 0) rows[table] = counted[0].n;
      }
      await trx.raw(
        `insert into tenant_deletion (deleted_tenant_id, slug, name, deleted_by, rows) values (?, ?, ?, ?, ?::jsonb)`,
        [tenant.id, tenant.slug, tenant.name, by, JSON.stringify(rows)],
      );
      await trx.raw('delete from tenant where id = ?', [tenant.id]);
    });
    return { tenant, rows };
  }

  /** Errors: `tenant.not_found`. */
  async getBySlug(slug: string): Promise<TenantSnapshot> {
    const tenant = await this.findBySlug(slug);
    if (!tenant) throw new DomainError('tenant.not_found', `No tenant with slug "${slug}"`, { slug });
    return tenant;
  }

  async list(): Promise<TenantSnapshot[]> {
    return (await this.fork().find(Tenant, {}, { orderBy: { createdAt: 'asc', slug: 'asc' } })).map(
      toSnapshot,
    );
  }

  async isEmpty(): Promise<boolean> {
    return (await this.fork().count(Tenant, {})) === 0;
  }

  /** Whether the tenant `id` is the only one. */
  async isOnly(id: string): Promise<boolean> {
    const [first, second] = await this.fork().find(Tenant, {}, { fields: ['id'], limit: 2 });
    return first?.id === id && second === undefined;
  }
}
