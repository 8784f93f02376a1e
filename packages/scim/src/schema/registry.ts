import { findAttribute, type Attribute, type Schema } from './attribute.js';
import { commonAttributes, groupSchema } from './group.schema.js';
import { enterpriseUserSchema, userSchema } from './user.schema.js';
import type { AttrPath } from '../filter/filter-node.js';

/** A resource type (RFC 7643 §6): its core schema and extensions. */
export interface ResourceType {
  id: string;
  name: string;
  endpoint: string;
  description: string;
  schema: Schema;
  extensions: Schema[];
}

export const userResourceType: ResourceType = {
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: userSchema,
  extensions: [enterpriseUserSchema],
};

export const groupResourceType: ResourceType = {
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: groupSchema,
  extensions: [],
};

export const resourceTypes = [userResourceType, groupResourceType];
export const allSchemas: Schema[] = [userSchema, enterpriseUserSchema, groupSchema];

/** Where a resolved attribute lives: at the top level (core) or inside an extension's object. */
export interface ResolvedAttribute {
  /** The extension URN, or undefined for core and common attributes. */
  extension: string | undefined;
  attribute: Attribute;
  sub: Attribute | undefined;
}

/**
 * Resolve a path against a resource type, case-insensitively (RFC 7643 §2.1). A URN may name the core
 * schema or an extension; without one, core and common attributes are searched, then extensions
 * (clients often omit the URN of extension attributes). Returns undefined when nothing matches.
 */
export function resolveAttribute(type: ResourceType, path: AttrPath): ResolvedAttribute | undefined {
  const candidates: { extension: string | undefined; attributes: Attribute[] }[] = [];
  if (path.uri) {
    const uri = path.uri.toLowerCase();
    if (uri === type.schema.id.toLowerCase())
      candidates.push({ extension: undefined, attributes: [...commonAttributes, ...type.schema.attributes] });
    for (const ext of type.extensions)
      if (uri === ext.id.toLowerCase()) candidates.push({ extension: ext.id, attributes: ext.attributes });
  } else {
    candidates.push({ extension: undefined, attributes: [...commonAttributes, ...type.schema.attributes] });
    for (const ext of type.extensions) candidates.push({ extension: ext.id, attributes: ext.attributes });
  }
  for (const { extension, attributes } of candidates) {
    const attribute = findAttribute(attributes, path.attr);
    if (!attribute) continue;
    if (!path.sub) return { extension, attribute, sub: undefined };
    const sub = attribute.subAttributes ? findAttribute(attribute.subAttributes, path.sub) : undefined;
    return sub ? { extension, attribute, sub } : undefined;
  }
  return undefined;
}

/** `urn:…:User` → the extension schema of this resource type, case-insensitively. */
export function findExtension(type: ResourceType, key: string): Schema | undefined {
  const wanted = key.toLowerCase();
  return type.extensions.find((e) => e.id.toLowerCase() === wanted);
}
