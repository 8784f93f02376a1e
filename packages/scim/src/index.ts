// The SCIM protocol alone (RFC 7643 / 7644 / 9865): schemas as data and pure functions.
// No HTTP framework, no database.
export * from './errors.js';
export * from './schema/attribute.js';
export * from './schema/user.schema.js';
export * from './schema/group.schema.js';
export * from './schema/registry.js';
export * from './schema/unknown-attributes.js';
export * from './filter/filter-node.js';
export { parseFilter, parseAttrPath } from './filter/parse-filter.js';
export { matchesElement } from './filter/evaluate.js';
export * from './filter/to-where.js';
export { parsePath, type PatchPath } from './path/parse-path.js';
export * from './patch/patch-op.js';
export { applyPatch, isSchemaUrn, type ScimResource } from './patch/apply-patch.js';
export { coerceValue } from './patch/coerce.js';
export * from './patch/group-patch.js';
export * from './serialize/project.js';
export * from './serialize/list-response.js';
