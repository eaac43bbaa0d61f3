/**
 * Content-Security-Policy and cross-origin-isolation headers for every page the app serves.
 *
 * Why each source is allowed:
 * - script-src 'wasm-unsafe-eval': Cornerstone's image codecs are WebAssembly; this permits compiling
 *   wasm without permitting JavaScript eval.
 * - worker-src blob:: some libraries spawn workers from blob URLs.
 * - style-src 'unsafe-inline': React and Cornerstone set inline style attributes.
 * - img/connect data: blob:: rendered canvases and in-memory volumes.
 * Nothing is loaded from the network: there is no https: source anywhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Response headers for app:// content. COOP same-origin + COEP require-corp make the page
 * cross-origin isolated, which is what enables SharedArrayBuffer for the compute workers.
 */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
  };
}

/**
 * Adds the CSP to headers of any response seen by the session (webRequest.onHeadersReceived),
 * replacing whatever CSP the response carried, whatever its header-name case.
 */
export function withSessionCsp(
  headers: Record<string, string[] | string> | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}
