import { z } from 'zod';
import { mapConstraintErrors } from '../database/constraint-errors.js';
import { DomainError } from '../errors.js';
import { isId } from '../ids.js';
import { parseInput, requiredName } from '../rules.js';
import { hashPassword, newPassword, passwordMatches } from '../secrets.js';
import { LockMode } from '@mikro-orm/postgresql';
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
    return toSnapshot(await this.find(id));
  }

  /** Change a role. Errors: `admin.not_found`, `invalid_input`, `admin.last_owner`. */
  async changeRole(id: string, role: AdminRole): Promise<AdminSnapshot> {
    const admin = await this.find(id, true);
    const newRole = parseInput(z.enum(adminRoles), role);
    if (admin.role === newRole) return toSnapshot(admin);
    if (admin.role === 'owner') await this.assertAnotherOwner(admin.id);
    this.scope.audit({
      action: 'admin.role',
      targetType: 'admin',
      targetId: id,
      changes: { role: { before: admin.role, after: newRole } },
    });
    admin.role = newRole;
    await this.scope.em.flush();
    return toSnapshot(admin);
  }

  /** Remove an admin and their sessions. Errors: `admin.not_found`, `admin.last_owner`. */
  async remove(id: string): Promise<void> {
    const admin = await this.find(id, true);
    if (admin.role === 'owner') await this.assertAnotherOwner(admin.id);
    this.scope.audit({
      action: 'admin.remove',
      targetType: 'admin',
      targetId: id,
      changes: { email: { before: admin.email, after: null } },
    });
    this.scope.em.remove(admin);
    await this.scope.em.flush();
  }

  /**
   * Change an admin's own password, proving the current one. Other sessions stay signed in.
   * Errors: `admin.not_found`, `auth.invalid_credentials`, `invalid_input`.
   */
  async changePassword(id: string, current: string, next: string): Promise<void> {
    const admin = await this.find(id, true);
    const password = parseInput(newAdminSchema.shape.password.unwrap(), next);
    if (!(await passwordMatches(current, admin.passwordHash))) {
      throw new DomainError('auth.invalid_credentials', 'The current password is wrong');
    }
    admin.passwordHash = await hashPassword(password);
    this.scope.audit({
      action: 'admin.password',
      targetType: 'admin',
      targetId: id,
      changes: { password: { before: '••••••', after: '••••••' } },
    });
    await this.scope.em.flush();
  }

  private async find(id: string, forUpdate = false): Promise<Admin> {
    const admin = isId(id)
      ? await this.scope.em.findOne(Admin, { id }, forUpdate ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {})
      : null;
    if (!admin) throw new DomainError('admin.not_found', `No admin with id ${id}`, { id });
    return admin;
  }

  /** A tenant always keeps an owner. Owner rows are locked so two concurrent demotions cannot both pass. */
  private async assertAnotherOwner(exceptId: string): Promise<void> {
    const owners = await this.scope.em.find(
      Admin,
      { role: 'owner', id: { $ne: exceptId } },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (owners.length === 0)
      throw new DomainError(
        'admin.last_owner',
        'A tenant needs at least one owner: make another admin owner first',
      );
  }
}
