import { registerEnumType } from 'type-graphql';

// GraphQL names in SCREAMING_CASE, domain values as stored. Integrators script against these names.
export enum ScimProviderEnum {
  ENTRA_ID = 'entra_id',
  OKTA = 'okta',
  OTHER = 'other',
}
export enum UserScopeEnum {
  ALL_USERS = 'all_users',
  IDP_USERS_ONLY = 'idp_users_only',
}
export enum RoleEnum {
  OWNER = 'owner',
  ADMIN = 'admin',
  VIEWER = 'viewer',
}
export enum OriginEnum {
  CONSOLE = 'console',
  IDP = 'idp',
}
export enum ActorKindEnum {
  ADMIN = 'admin',
  API_KEY = 'api_key',
  IDP = 'idp',
  SYSTEM = 'system',
}
export enum StatusClassEnum {
  SUCCESS = '2xx',
  REDIRECT = '3xx',
  CLIENT_ERROR = '4xx',
  SERVER_ERROR = '5xx',
}
export enum UserOrderField {
  USER_NAME = 'userNameKey',
  DISPLAY_NAME = 'displayName',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
export enum OrderDirection {
  ASC = 'asc',
  DESC = 'desc',
}

registerEnumType(ScimProviderEnum, {
  name: 'ScimProvider',
  description:
    'The identity provider the setup instructions are for; every dialect is accepted whatever is chosen.',
  valuesConfig: {
    ENTRA_ID: { description: 'Microsoft Entra ID (Azure AD)' },
    OKTA: { description: 'Okta' },
    OTHER: { description: 'Any other SCIM 2.0 client' },
  },
});
registerEnumType(UserScopeEnum, {
  name: 'UserScope',
  description: 'Which users the identity provider may see and manage.',
  valuesConfig: {
    ALL_USERS: {
      description:
        "Console and IdP users; an IdP create with a console user's login ID takes that user over.",
    },
    IDP_USERS_ONLY: { description: 'Only users the IdP created; console users are invisible to SCIM.' },
  },
});
registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'What an admin or API key may do.',
  valuesConfig: {
    OWNER: { description: 'Everything, including admins and API keys.' },
    ADMIN: { description: 'Users, groups and SCIM settings.' },
    VIEWER: { description: 'Read-only; never sees tokens or key secrets.' },
  },
});
registerEnumType(OriginEnum, {
  name: 'Origin',
  description: 'Where a user or group comes from, or who manages it.',
  valuesConfig: {
    CONSOLE: { description: 'The console or the API.' },
    IDP: { description: 'The identity provider, over SCIM.' },
  },
});
registerEnumType(ActorKindEnum, {
  name: 'ActorKind',
  description: 'Who made a change.',
  valuesConfig: {
    ADMIN: { description: 'A signed-in admin.' },
    API_KEY: { description: 'An integrator using an API key.' },
    IDP: { description: 'The identity provider, over SCIM.' },
    SYSTEM: { description: 'Rollcall itself (first run, operator CLI).' },
  },
});
registerEnumType(StatusClassEnum, {
  name: 'StatusClass',
  description: 'HTTP status classes of SCIM requests.',
  valuesConfig: {
    SUCCESS: { description: '2xx' },
    REDIRECT: { description: '3xx' },
    CLIENT_ERROR: { description: '4xx' },
    SERVER_ERROR: { description: '5xx' },
  },
});
registerEnumType(UserOrderField, {
  name: 'UserOrderField',
  description: 'What users can be ordered by.',
  valuesConfig: {
    USER_NAME: { description: 'Login ID, case-insensitively.' },
    DISPLAY_NAME: { description: 'Display name.' },
    CREATED_AT: { description: 'Creation time.' },
    UPDATED_AT: { description: 'Last change.' },
  },
});
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Sort direction.',
  valuesConfig: { ASC: { description: 'Ascending.' }, DESC: { description: 'Descending.' } },
});

export enum ConflictStatusEnum {
  OPEN = 'open',
  LINKED = 'linked',
  RESOLVED = 'resolved',
  DISMISSED = 'dismissed',
}
registerEnumType(ConflictStatusEnum, {
  name: 'ConflictStatus',
  description: 'Where a conflict stands in the inbox.',
  valuesConfig: {
    OPEN: { description: 'Waiting for an admin.' },
    LINKED: { description: 'Handed to the IdP: its next create of this login ID takes the user over.' },
    RESOLVED: { description: 'The IdP took the linked user over.' },
    DISMISSED: { description: 'Kept console-managed: the IdP keeps getting 409.' },
  },
});

/** The webhook event types (domain `webhookEventTypes`); GraphQL names are the dotted names upper-cased. */
export enum WebhookEventTypeEnum {
  USER_CREATED = 'user.created',
  USER_UPDATED = 'user.updated',
  USER_DEACTIVATED = 'user.deactivated',
  USER_REACTIVATED = 'user.reactivated',
  USER_DELETED = 'user.deleted',
  USER_TAKEN_OVER = 'user.taken_over',
  GROUP_CREATED = 'group.created',
  GROUP_UPDATED = 'group.updated',
  GROUP_DELETED = 'group.deleted',
  GROUP_MEMBERSHIP_CHANGED = 'group.membership_changed',
}
registerEnumType(WebhookEventTypeEnum, {
  name: 'WebhookEventType',
  description: 'Provisioning events an endpoint can subscribe to (the `type` field of each delivery).',
  valuesConfig: {
    USER_CREATED: { description: 'user.created: a user was created (data.changes has every attribute).' },
    USER_UPDATED: { description: 'user.updated: attributes changed (before and after of each).' },
    USER_DEACTIVATED: { description: 'user.deactivated: active became false (with any other changes).' },
    USER_REACTIVATED: { description: 'user.reactivated: active became true again.' },
    USER_DELETED: { description: 'user.deleted: the user is gone (data.changes has its last values).' },
    USER_TAKEN_OVER: { description: 'user.taken_over: an IdP took a console-created user over.' },
    GROUP_CREATED: { description: 'group.created.' },
    GROUP_UPDATED: { description: 'group.updated: display name or external id changed.' },
    GROUP_DELETED: { description: 'group.deleted.' },
    GROUP_MEMBERSHIP_CHANGED: {
      description: 'group.membership_changed: data.added and data.removed list user ids.',
    },
  },
});

export enum WebhookDeliveryStatusEnum {
  PENDING = 'pending',
  DELIVERED = 'delivered',
  FAILED = 'failed',
  PAUSED = 'paused',
}
registerEnumType(WebhookDeliveryStatusEnum, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a webhook delivery stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for its first attempt or its next retry.' },
    DELIVERED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'Out of attempts; retryWebhookDelivery sends it again.' },
    PAUSED: { description: 'The endpoint is disabled; sent when it is enabled again.' },
  },
});
