import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id; the package's const enum cannot be imported under isolatedModules.
const argon2id = 2;

/** A random secret with a recognisable prefix (so leaked tokens can be spotted by scanners). */
export function newSecret(kind: 'scim' | 'key' | 'sess'): string {
  return `rc_${kind}_${randomBytes(32).toString('base64url')}`;
}

/** How much of a secret is shown after creation: enough to tell tokens apart, too little to use. */
export const secretPrefix = (secret: string): string => secret.slice(0, 14);

/**
 * High-entropy secrets (tokens, API keys, session ids) are stored as SHA-256: a slow hash adds nothing
 * against 256 random bits, and lookups by hash stay an index probe.
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Passwords are low-entropy: argon2id (OWASP parameters: 19 MiB, 2 iterations). */
export const hashPassword = (password: string): Promise<string> =>
  hash(password, { algorithm: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });

export const passwordMatches = (password: string, storedHash: string): Promise<boolean> =>
  verify(storedHash, password).catch(() => false);

/** A generated password for first-run admins: 20 characters from an unambiguous alphabet. */
export function newPassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(20), (b) => alphabet[b % alphabet.length]).join('');
}
