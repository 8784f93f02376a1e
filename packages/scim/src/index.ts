// The SCIM protocol alone (RFC 7643 / 7644): no HTTP framework, no database.
export * from './errors.js';
