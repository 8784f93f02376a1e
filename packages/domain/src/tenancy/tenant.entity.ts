import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../ids.js';

/** A customer account. Not tenant-owned itself: it is what everything else is owned by. */
@Entity({ tableName: 'tenant' })
export class Tenant {
  @PrimaryKey({ type: 'uuid' }) id: string = newId();
  @Property({ type: 'string' }) slug: string;
  @Property({ type: 'string' }) name: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();

  constructor(slug: string, name: string) {
    this.slug = slug;
    this.name = name;
  }
}
