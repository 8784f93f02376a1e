import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const sealedPrefix = 'sealed:v1:';

/**
 * Secrets that must stay readable — webhook signing keys, which sign every delivery — sealed with
 * AES-256-GCM under a key the server is given (ROLLCALL_SECRETS_KEY), so a copy of the database alone
 * does not let anyone forge deliveries. Each value is bound to its row (`context`, e.g. tenant and
 * endpoint id, as associated data): a sealed secret copied into another row does not open.
 * Without a key, values are stored as they are (and read back either way).
 *
 * Rotating the key: the new one in ROLLCALL_SECRETS_KEY, the old ones in ROLLCALL_SECRETS_PREVIOUS_KEYS
 * (still opened, never used to seal), then `pnpm rollcall secrets:reseal` seals every stored secret
 * under the new key; after that the old keys can go.
 */
export class SecretBox {
  private readonly key: Buffer | null;
  /** Keys that opened secrets before the current one: still tried, never used to seal. */
  private readonly previous: Buffer[];

  constructor(base64Key?: string, previousBase64Keys: string[] = []) {
    const decode = (key: string) => {
      const bytes = Buffer.from(key, 'base64');
      if (bytes.length !== 32) throw new Error('The secrets key must be 32 bytes (base64)');
      return bytes;
    };
    this.key = base64Key ? decode(base64Key) : null;
    this.previous = previousBase64Keys.map(decode);
  }

  get sealing(): boolean {
    return this.key !== null;
  }

  seal(secret: string, context: string): string {
    if (!this.key) return secret;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(context));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${sealedPrefix}${[iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64')).join(':')}`;
  }

  /** The secret; throws with a reason when it is sealed and this box cannot open it. */
  open(stored: string, context: string): string {
    return this.unseal(stored, context).secret;
  }

  /**
   * The stored value as it should be stored now (sealed under the current key), or null when it
   * already is: for re-sealing after the key changed (ROLLCALL_SECRETS_PREVIOUS_KEYS) or was first set.
   * Throws like `open` when no key opens it.
   */
  resealed(stored: string, context: string): string | null {
    const { secret, byCurrent } = this.unseal(stored, context);
    if (byCurrent || !this.key) return null;
    return this.seal(secret, context);
  }

  private unseal(stored: string, context: string): { secret: string; byCurrent: boolean } {
    if (!stored.startsWith(sealedPrefix)) return { secret: stored, byCurrent: false }; // from before a key
    if (!this.key && this.previous.length === 0)
      throw new Error('the signing secret is sealed but ROLLCALL_SECRETS_KEY is not set');
    const [iv, tag, sealed] = stored
      .slice(sealedPrefix.length)
      .split(':')
      .map((p) => Buffer.from(p, 'base64'));
    // AES-GCM authenticates: only the key (and row) it was sealed with opens it, so try each in turn.
    for (const key of [this.key, ...this.previous]) {
      if (!key) continue;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv!).setAAD(Buffer.from(context));
        decipher.setAuthTag(tag!);
        const secret = Buffer.concat([decipher.update(sealed!), decipher.final()]).toString('utf8');
        return { secret, byCurrent: key === this.key };
      } catch {
        /* not this key */
      }
    }
    throw new Error(
      'the signing secret does not open with ROLLCALL_SECRETS_KEY (was the key changed? keep the old one in ROLLCALL_SECRETS_PREVIOUS_KEYS)',
    );
  }
}
