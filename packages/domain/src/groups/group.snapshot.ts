import type { Origin } from '../users/user.entity.js';

export interface GroupAttributes {
  displayName: string;
  externalId: string | null;
}

export const groupAttributeNames = [
  'displayName',
  'externalId',
] as const satisfies readonly (keyof GroupAttributes)[];

export interface GroupSnapshot extends GroupAttributes {
  readonly id: string;
  readonly origin: Origin;
  readonly managedBy: Origin;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface GroupMemberRef {
  id: string;
  userName: string;
  displayName: string | null;
}
