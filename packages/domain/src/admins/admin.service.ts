import { z } from 'zod';
import { mapConstraintErrors } from '../database/constraint-errors.js';
import { DomainError } from '../errors.js';
import { isId } from '../ids.js';
import { parseInput, requiredName } from '../rules.js';
import { hashPassword, newPassword } from '../secrets.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import { Admin, adminRoles, type AdminRole } from './admin.entity.js';

export interface AdminSnapshot {
  id: string;
  email: string;
  name: string | null;
  role: AdminRole;
  createdAt: Date;
  lastLoginAt: Date | null;
}

const newAdminSchema = z.object({
  email: z.email().max(320),
  name: requiredName().nullable().optional(),
  role: z.enum(adminRoles),
  password: z.string().min(12, 'must be at least 12 characters').max(1024).optional(),
});
export type NewAdmin = z.input<typeof newAdminSchema>;

const toSnapshot = ({ id, email, name, role, createdAt, lastLoginAt }: Admin): AdminSnapshot => ({
  id,
  email,
  name,
  role,
  createdAt,
  lastLoginAt,
});

/** Console operators of the tenant. */
export class AdminService {
  constructor(private readonly scope: TenantScope) {}

  /**
   * Create an admin. Without a password one is generated and returned (this once); either way only its
   * argon2id hash is stored. Errors: `invalid_input`, `admin.email_taken` (case-insensitive).
   */
  async create(input: NewAdmin): Promise<{ admin: AdminSnapshot; generatedPassword: string | null }> {
    const { email, name, role, password } = parseInput(newAdminSchema, input);
    const generatedPassword = password ? null : newPassword();
    const admin = this.scope.em.create(Admin, {
      tenantId: this.scope.tenantId,
      email,
      name: name ?? null,
      role,
      passwordHash: await hashPassword(password ?? generatedPassword!),
    } as Admin);
    this.scope.audit({
      action: 'admin.create',
      targetType: 'admin',
      targetId: admin.id,
      changes: { email: { before: null, after: email }, role: { before: null, after: role } },
    });
    await mapConstraintErrors(() => this.scope.em.flush(), {
      email_key: () =>
        new DomainError('admin.email_taken', `An admin with email ${email} already exists`, { email }),
    });
    return { admin: toSnapshot(admin), generatedPassword };
  }

  async list(): Promise<AdminSnapshot[]> {
    return (await this.scope.em.find(Admin, {}, { orderBy: { createdAt: 'asc', id: 'asc' } })).map(
      toSnapshot,
    );
  }

  /** Errors: `admin.not_found`. */
  async get(id: string): Promise<AdminSnapshot> {
    const admin = isId(id) ? await this.scope.em.findOne(Admin, { id }) : null;
    if (!admin) throw new DomainError('admin.not_found', `No admin with id ${id}`, { id });
    return toSnapshot(admin);
  }
}
