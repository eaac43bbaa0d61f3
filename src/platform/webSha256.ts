/** Hex SHA-256 of `text` as UTF-8 through WebCrypto (the audit chain's hash in the web build). */
export async function webSha256(text: string): Promise<string> {
  if (!globalThis.crypto?.subtle) throw new Error('WebCrypto is unavailable (the page is not served over https or localhost): the audit trail cannot be signed');
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
