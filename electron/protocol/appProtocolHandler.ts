import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { securityHeaders } from '../security/csp.js';
import { mimeTypeFor } from './mimeTypes.js';
import { resolveBundlePath } from './resolveBundlePath.js';

/**
 * The `protocol.handle('app', ...)` handler: serves files of `bundleRoot` (dist/) as streamed
 * responses, every one (errors included) carrying the CSP and cross-origin-isolation headers.
 * Read-only: anything but GET/HEAD is refused.
 */
export function createAppProtocolHandler(bundleRoot: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers = securityHeaders();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { ...headers, Allow: 'GET, HEAD' } });
    }
    const resolved = await resolveBundlePath(bundleRoot, request.url);
    if (!resolved.ok) {
      return new Response(resolved.reason, { status: resolved.status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    const info = await stat(resolved.filePath);
    const fileHeaders = {
      ...headers,
      'Content-Type': mimeTypeFor(resolved.filePath),
      'Content-Length': String(info.size),
      'Cache-Control': 'no-cache',
    };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers: fileHeaders });
    const body = Readable.toWeb(createReadStream(resolved.filePath)) as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers: fileHeaders });
  };
}
