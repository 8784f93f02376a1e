import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One membership. Adding or removing a member is one set-based statement on this table, so its cost
 * does not depend on the group's size. Written only through set-based SQL (group.service.ts); the
 * entity exists so the schema and the tenant filter know the table.
 */
@Entity({ tableName: 'group_member' })
export class GroupMember {
  @PrimaryKey({ type: 'uuid' }) tenantId!: string;
  @PrimaryKey({ type: 'uuid' }) groupId!: string;
  @PrimaryKey({ type: 'uuid' }) userId!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
}
