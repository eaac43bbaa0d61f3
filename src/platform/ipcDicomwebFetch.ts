import type { DicomwebAnswer, DtiApi } from '../shared/ipcContract';
import type { FetchFn } from './Platform';

/** An IPC failure that is not the server's answer (INVALID_ARGS, NOT_FOUND...): its code kept for the UI. */
export class DicomwebHostError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DicomwebHostError';
  }
}

/** No body for these statuses (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** The answer as a fetch Response; a body cut off in main errors its stream after the bytes that did arrive. */
export function answerAsResponse(answer: DicomwebAnswer): Response {
  const headers: Record<string, string> = answer.contentType ? { 'Content-Type': answer.contentType } : {};
  const init: ResponseInit = { status: answer.status, statusText: answer.statusText, headers };
  if (NULL_BODY.has(answer.status)) return new Response(null, init);
  // The error comes on the read after the bytes: erroring a stream at once would discard what is queued.
  let delivered = false;
  const stream = new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      if (delivered) {
        controller.error(new Error(answer.brokenBy ?? 'stream ended'));
        return;
      }
      delivered = true;
      if (answer.body.length > 0) controller.enqueue(answer.body as Uint8Array<ArrayBuffer>);
      if (!answer.brokenBy) controller.close();
    },
  });
  return new Response(stream, init);
}

let counter = 0;

/**
 * The desktop app's DICOMweb fetch: each request is sent by the main process (`dicomweb:request`),
 * outside the page's CSP. Fails as `fetch` would, so the client's messages are the same on every
 * platform: unreachable → TypeError('fetch failed') with the cause, cancel → AbortError.
 */
export function ipcDicomwebFetch(api: DtiApi): FetchFn {
  return async (url, { method = 'GET', headers, body, signal, useSavedSignIn = false }) => {
    signal?.throwIfAborted();
    const requestId = `dw-${Date.now().toString(36)}-${(counter++).toString(36)}`;
    const cancel = () => void api.dicomwebCancel({ requestId });
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      const result = await api.dicomwebRequest({
        requestId,
        url,
        method,
        accept: headers.Accept ?? '*/*',
        contentType: headers['Content-Type'],
        authorization: headers.Authorization,
        useSavedSignIn,
        body,
      });
      if (result.ok) return answerAsResponse(result.value);
      if (result.error.code === 'CANCELLED' || signal?.aborted) throw new DOMException('The request was cancelled', 'AbortError');
      if (result.error.code === 'UNREACHABLE') throw new TypeError('fetch failed', { cause: new Error(result.error.message) });
      throw new DicomwebHostError(result.error.code, result.error.message);
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  };
}
