import { serverLabel } from '../core/dicomweb/failures';
import { boundaryOccursIn, multipartRelatedBody, parseStowResponse, STOW_ACCEPT, stowContentType, stowUrl, type StowOutcome } from '../core/dicomweb/stow';
import { DicomwebError, send, type DicomwebConnection, type FetchFn } from './dicomwebClient';

/**
 * STOW-RS: stores our result objects (DICOM SEG, SR, parametric maps) on a DICOMweb server, one
 * request per object so progress is per object and a failure names the one refused. A server
 * stores each request on its own (STOW-RS is not a transaction across requests), so a failure
 * message says which objects are already on the server; storing again is safe (same UIDs).
 */

/** One object to store: its Part 10 bytes and what the user calls it ('Segmentation', 'Measurement report'...). */
export interface StowObject {
  label: string;
  bytes: Uint8Array;
}

export interface StowProgress {
  done: number;
  total: number;
  /** Bytes of the objects sent so far. */
  bytes: number;
}

export interface StowOptions {
  signal?: AbortSignal;
  /** Before each object (with its label) and after the last. */
  onProgress?: (progress: StowProgress, label: string) => void;
  /** Random source for the multipart boundary (tests inject a fixed one). */
  boundary?: () => string;
}

/** HTTP 409 Conflict: the server stored none of the request's instances and says why in the body. */
const CONFLICT = 409;

function randomBoundary(): string {
  return `dti-stow-${crypto.randomUUID()}`;
}

/** The answer's body as the Store Instances Response, or null when it has none or is not JSON. */
async function outcomeOf(response: Response): Promise<StowOutcome | null> {
  const text = await response.text().catch(() => '');
  if (text.trim() === '') return null;
  try {
    return parseStowResponse(JSON.parse(text));
  } catch {
    return null;
  }
}

function storedList(objects: readonly StowObject[], n: number): string {
  return n === 0 ? 'nothing was stored' : `already stored: ${objects.slice(0, n).map((o) => o.label).join(', ')}`;
}

/**
 * Stores every object in `objects`, in order, into study `studyUID` (any study, each instance by
 * its own StudyInstanceUID, when undefined). Resolves when the server
 * has accepted all; rejects with a DicomwebError naming the server, the object, the reason the
 * server gave and what is already stored.
 */
export async function storeObjects(fetchFn: FetchFn, conn: DicomwebConnection, studyUID: string | undefined, objects: readonly StowObject[], options: StowOptions = {}): Promise<void> {
  const { signal, onProgress } = options;
  const server = serverLabel(conn.url);
  let bytes = 0;
  for (const [i, object] of objects.entries()) {
    onProgress?.({ done: i, total: objects.length, bytes }, object.label);
    signal?.throwIfAborted();
    const doing = `storing ${i + 1} of ${objects.length} (${object.label})`;
    let boundary = (options.boundary ?? randomBoundary)();
    while (boundaryOccursIn([object.bytes], boundary)) boundary = randomBoundary();
    let response: Response;
    try {
      response = await send(fetchFn, conn, stowUrl(conn.url, studyUID), { method: 'POST', accept: STOW_ACCEPT, contentType: stowContentType(boundary), body: multipartRelatedBody([object.bytes], boundary) }, doing, signal, [CONFLICT]);
    } catch (error) {
      if (error instanceof DicomwebError) throw new DicomwebError(`${error.message.replace(/\.$/, '')}; ${storedList(objects, i)}.`);
      throw error;
    }
    const outcome = await outcomeOf(response);
    const refused = outcome?.refused[0];
    if (response.status === CONFLICT || refused) {
      const why = refused ? refused.explanation : 'refused without a reason (HTTP 409 Conflict)';
      throw new DicomwebError(`${server} refused ${object.label} while ${doing}: ${why}; ${storedList(objects, i)}.`);
    }
    if (outcome && outcome.stored.length === 0) {
      throw new DicomwebError(`${server} answered ${doing} without listing it as stored; ${storedList(objects, i)}.`);
    }
    bytes += object.bytes.length;
  }
  onProgress?.({ done: objects.length, total: objects.length, bytes }, '');
}
