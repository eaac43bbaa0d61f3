import { createHash } from 'node:crypto';

/** Hex SHA-256 of `text` as UTF-8 (the audit chain's hash in Electron main and the CLI). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
