import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts the few values that even the database must not show in clear (who denounced whom):
 * AES-256-GCM with a random nonce, and a keyed fingerprint (HMAC-SHA-256) to recognise the
 * same sender again without decrypting. Both keys derive from PROTECTED_DATA_KEY (HKDF), so a
 * database dump, a backup or an export holds only ciphertext.
 */
export class Sealer {
  private readonly encryptionKey: Buffer;
  private readonly fingerprintKey: Buffer;

  constructor(secret: string) {
    this.encryptionKey = Buffer.from(hkdfSync('sha256', secret, 'party-building-service', 'protected data: encryption', 32));
    this.fingerprintKey = Buffer.from(hkdfSync('sha256', secret, 'party-building-service', 'protected data: fingerprint', 32));
  }

  seal(value: unknown): Uint8Array<ArrayBuffer> {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, nonce);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return new Uint8Array(Buffer.concat([nonce, cipher.getAuthTag(), body]));
  }

  open<T>(sealed: Uint8Array): T {
    const bytes = Buffer.from(sealed);
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as T;
  }

  fingerprint(text: string): string {
    return createHmac('sha256', this.fingerprintKey).update(text).digest('hex');
  }
}

/** The key development and tests use when none is configured (production refuses to start without one). */
export const DEVELOPMENT_PROTECTED_DATA_KEY = 'development only: protected data key, not for real data';
