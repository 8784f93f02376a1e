import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

export type ScimProvider = 'entra_id' | 'okta' | 'other';
export type UserScope = 'all_users' | 'idp_users_only';
export const scimProviders = ['entra_id', 'okta', 'other'] as const satisfies readonly ScimProvider[];
export const userScopes = ['all_users', 'idp_users_only'] as const satisfies readonly UserScope[];

/** The Identity & Security settings of one tenant (design.md §1); one row per tenant. */
@Entity({ tableName: 'scim_settings' })
export class ScimSettings {
  @PrimaryKey({ type: 'uuid' }) tenantId: string;
  @Property({ type: 'boolean' }) enabled = false;
  @Property({ type: 'string' }) provider: ScimProvider = 'other';
  @Property({ type: 'string' }) userScope: UserScope = 'all_users';
  /** Refuse attributes Rollcall does not keep (400) instead of ignoring them and telling the admin. */
  @Property({ type: 'boolean' }) strictAttributes = false;
  /** The mass-deprovisioning brake (deprovisioning-brake.ts): settings… */
  @Property({ type: 'boolean' }) brakeEnabled = true;
  @Property({ type: 'integer' }) brakeMaxUsers = 100;
  @Property({ type: 'integer' }) brakeMaxPercent = 10;
  @Property({ type: 'integer' }) brakeWindowMinutes = 60;
  /** …and state: held since when, how many requests were held, released until when. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) brakeHeldSince: Date | null =
    null;
  @Property({ type: 'integer' }) brakeHeldRequests = 0;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) brakeReleasedUntil: Date | null =
    null;
  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() }) updatedAt: Date =
    new Date();

  constructor(tenantId: string) {
    this.tenantId = tenantId;
  }
}

/** How each provider is named to people (error messages, audit labels, the console). */
export const providerLabels: Record<ScimProvider, string> = {
  entra_id: 'Microsoft Entra ID',
  okta: 'Okta',
  other: 'your identity provider',
};
