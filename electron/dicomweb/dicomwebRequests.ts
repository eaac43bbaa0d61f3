import { requestHeaders } from '../../src/core/dicomweb/requests.js';
import type { DicomwebAnswer, IpcArgs } from '../../src/shared/ipcContract.js';
import { MAX_DICOMWEB_ANSWER_BYTES } from '../../src/shared/ipcContract.js';
import { IpcFailure } from '../ipc/ipcFailure.js';
import type { SignInStore } from './signInStore.js';

/**
 * DICOMweb requests sent from the main process for the renderer (`dicomweb:request`): the page's
 * CSP allows only its own origin, and a PACS sends no CORS headers, so the desktop app's requests
 * leave from here. The renderer's client builds the request (URL, Accept, body); this module sends
 * it, adds the saved sign-in when asked (decrypted here, never sent back), and answers with the
 * status and bytes for the renderer's client to judge. Failures carry no credentials: the URL is
 * named by its server only, and header values are never logged.
 */

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: Uint8Array; signal: AbortSignal }) => Promise<Response>;

export interface DicomwebRequester {
  request(args: IpcArgs<'dicomweb:request'>): Promise<DicomwebAnswer>;
  /** Aborts the request with this id; false when none is under way. */
  cancel(requestId: string): boolean;
}

function causeOf(error: unknown): string {
  if (error instanceof Error && error.cause instanceof Error) {
    const code = (error.cause as { code?: unknown }).code;
    return typeof code === 'string' && !error.cause.message.includes(code) ? `${error.cause.message} (${code})` : error.cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The answer's bytes, at most MAX_DICOMWEB_ANSWER_BYTES. A connection lost mid-body returns what
 * arrived with the reason (the renderer keeps the whole instances in it for a retry).
 */
async function readCapped(response: Response, signal: AbortSignal): Promise<{ bytes: Uint8Array; brokenBy: string | null }> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > MAX_DICOMWEB_ANSWER_BYTES) throw new IpcFailure('IO_ERROR', `the server's answer (${declared} bytes) is larger than one request may bring (${MAX_DICOMWEB_ANSWER_BYTES} bytes)`);
  if (!response.body) return { bytes: new Uint8Array(await response.arrayBuffer()), brokenBy: null };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let brokenBy: string | null = null;
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      length += r.value.length;
      if (length > MAX_DICOMWEB_ANSWER_BYTES) {
        await reader.cancel().catch(() => undefined);
        throw new IpcFailure('IO_ERROR', `the server's answer is larger than one request may bring (${MAX_DICOMWEB_ANSWER_BYTES} bytes)`);
      }
      chunks.push(r.value);
    }
  } catch (error) {
    if (error instanceof IpcFailure) throw error;
    if (signal.aborted) throw new IpcFailure('CANCELLED', 'request cancelled');
    brokenBy = causeOf(error);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, brokenBy };
}

export function createDicomwebRequester(deps: { fetch: FetchLike; signIns: SignInStore }): DicomwebRequester {
  const running = new Map<string, AbortController>();
  return {
    async request({ requestId, url, method, accept, contentType, authorization, useSavedSignIn, body }) {
      if (running.has(requestId)) throw new IpcFailure('INVALID_ARGS', 'a request with this id is already under way');
      let headers: Record<string, string>;
      if (useSavedSignIn) {
        const secret = deps.signIns.secretFor(url);
        if (!secret) throw new IpcFailure('NOT_FOUND', 'no sign-in is saved on this computer for this server: enter it again');
        headers = requestHeaders(secret, accept);
      } else {
        headers = { Accept: accept };
        if (authorization) headers.Authorization = authorization;
      }
      if (contentType) headers['Content-Type'] = contentType;
      const abort = new AbortController();
      running.set(requestId, abort);
      try {
        let response: Response;
        try {
          response = await deps.fetch(url, { method, headers, body, signal: abort.signal });
        } catch (error) {
          if (abort.signal.aborted) throw new IpcFailure('CANCELLED', 'request cancelled');
          throw new IpcFailure('UNREACHABLE', causeOf(error));
        }
        // Error bodies are read too (STOW-RS 409 explains its refusals); the renderer decides what to show.
        const { bytes, brokenBy } = await readCapped(response, abort.signal);
        return { status: response.status, statusText: response.statusText, contentType: response.headers.get('content-type') ?? '', body: bytes, brokenBy };
      } finally {
        running.delete(requestId);
      }
    },
    cancel(requestId) {
      const abort = running.get(requestId);
      abort?.abort();
      return abort !== undefined;
    },
  };
}
