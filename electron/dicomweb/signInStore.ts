import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import type { SavedSignIn, SignInSecret } from '../../src/shared/ipcContract.js';

/**
 * DICOMweb sign-ins remembered on this computer, one per server, in a JSON file in userData. The
 * secret (password or token, with the user name) is encrypted by the OS keychain through
 * Electron's `safeStorage`, injected as `cipher` so this module runs under plain Node in tests.
 * Nothing is saved when the OS offers no real encryption (e.g. Linux without a keyring, where
 * safeStorage falls back to a hard-coded key): the sign-in then stays for the session only.
 * Secrets are never logged, never returned to the renderer, and sent only to their own server.
 */

export interface SignInCipher {
  /** True when encryption is backed by the OS (keychain, DPAPI, libsecret/kwallet). */
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

const storedSchema = z.object({
  version: z.literal(1),
  servers: z.array(z.object({ server: z.string().min(1), kind: z.enum(['basic', 'bearer']), user: z.string(), secret: z.string() })),
});
type Stored = z.infer<typeof storedSchema>;

const secretSchema = z.union([z.strictObject({ kind: z.literal('basic'), user: z.string(), password: z.string() }), z.strictObject({ kind: z.literal('bearer'), token: z.string() })]);

/** The server a sign-in belongs to: origin and path, lower-case scheme and host, no trailing slash, query or user info. */
export function serverKey(url: string): string {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`not an http(s) URL: ${u.protocol}`);
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

export class SignInStore {
  private stored: Stored = { version: 1, servers: [] };

  constructor(
    private readonly path: string,
    private readonly cipher: SignInCipher,
  ) {}

  /** Reads the file; a missing or corrupt one counts as empty (a lost sign-in is typed again). */
  async load(): Promise<void> {
    try {
      this.stored = storedSchema.parse(JSON.parse(await readFile(this.path, 'utf8')));
    } catch {
      this.stored = { version: 1, servers: [] };
    }
  }

  /** Encrypts and saves the sign-in for `url`'s server, replacing an earlier one; false with the reason when it cannot be kept encrypted. */
  async save(url: string, secret: SignInSecret): Promise<{ saved: true } | { saved: false; reason: string }> {
    if (!this.cipher.isAvailable()) return { saved: false, reason: 'this computer offers no encrypted storage (no OS keychain): the sign-in is kept for this session only' };
    const server = serverKey(url);
    const entry = { server, kind: secret.kind, user: secret.kind === 'basic' ? secret.user : '', secret: this.cipher.encrypt(JSON.stringify(secret)).toString('base64') };
    this.stored = { version: 1, servers: [...this.stored.servers.filter((s) => s.server !== server), entry] };
    await writeFileAtomic(this.path, JSON.stringify(this.stored, null, 2), { mode: 0o600 });
    return { saved: true };
  }

  /** What the renderer may know of the sign-in saved for `url`'s server (never the secret), or null. */
  describe(url: string): SavedSignIn | null {
    const entry = this.entryFor(url);
    return entry ? { server: entry.server, kind: entry.kind, user: entry.user } : null;
  }

  /** The decrypted sign-in for the server a request URL belongs to (longest saved prefix), or null. */
  secretFor(requestUrl: string): SignInSecret | null {
    const entry = this.entryFor(requestUrl);
    if (!entry) return null;
    try {
      return secretSchema.parse(JSON.parse(this.cipher.decrypt(Buffer.from(entry.secret, 'base64'))));
    } catch {
      // Encrypted under another OS account or keychain: unusable, as if never saved.
      return null;
    }
  }

  async forget(url: string): Promise<boolean> {
    const server = serverKey(url);
    const before = this.stored.servers.length;
    this.stored = { version: 1, servers: this.stored.servers.filter((s) => s.server !== server) };
    if (this.stored.servers.length === before) return false;
    await writeFileAtomic(this.path, JSON.stringify(this.stored, null, 2), { mode: 0o600 });
    return true;
  }

  /** The saved server whose root `url` is, or lies under (a request URL), the longest such. */
  private entryFor(url: string): Stored['servers'][number] | undefined {
    let key: string;
    try {
      key = serverKey(url);
    } catch {
      return undefined;
    }
    return this.stored.servers.filter((s) => key === s.server || key.startsWith(`${s.server}/`)).sort((a, b) => b.server.length - a.server.length)[0];
  }
}
