import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const sealedPrefix = 'sealed:v1:';

/**
 * Secrets that must stay readable — webhook signing keys, which sign every delivery — sealed with
 * AES-256-GCM under a key the server is given (ROLLCALL_SECRETS_KEY), so a copy of the database alone
 * does not let anyone forge deliveries. Each value is bound to its row (`context`, e.g. tenant and
 * endpoint id, as associated data): a sealed secret copied into another row does not open.
 * Without a key, values are stored as they are (and read back either way).
 */
export class SecretBox {
  private readonly key: Buffer | null;

  constructor(base64Key?: string) {
    this.key = base64Key ? Buffer.from(base64Key, 'base64') : null;
    if (this.key && this.key.length !== 32) throw new Error('The secrets key must be 32 bytes (base64)');
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
    if (!stored.startsWith(sealedPrefix)) return stored; // stored before a key was configured
    if (!this.key) throw new Error('the signing secret is sealed but ROLLCALL_SECRETS_KEY is not set');
    const [iv, tag, sealed] = stored
      .slice(sealedPrefix.length)
      .split(':')
      .map((p) => Buffer.from(p, 'base64'));
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv!).setAAD(Buffer.from(context));
      decipher.setAuthTag(tag!);
      return Buffer.concat([decipher.update(sealed!), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('the signing secret does not open with ROLLCALL_SECRETS_KEY (was the key changed?)');
    }
  }
}
