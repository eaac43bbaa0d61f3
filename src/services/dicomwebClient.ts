import { parseSeries, parseStudies, type SeriesSummary, type StudySummary } from '../core/dicomweb/dicomJson';
import { httpFailureMessage, serverLabel, unreachableMessage } from '../core/dicomweb/failures';
import { mediaType, MultipartError, multipartBoundary, parseMultipart } from '../core/dicomweb/multipart';
import { QIDO_ACCEPT, requestHeaders, seriesRetrieveUrl, seriesSearchUrl, studySearchUrl, WADO_INSTANCES_ACCEPT, WADO_INSTANCES_ACCEPT_DEFAULT, type DicomwebAuth, type StudySearch } from '../core/dicomweb/requests';
import type { FetchFn, OpenedFolder } from '../platform/Platform';
import { BlobFileSource } from '../workers/indexBlobSource';

/**
 * A DICOMweb client over `fetch` (QIDO-RS search, WADO-RS retrieval), for the browser, Electron's
 * renderer and Node tests alike. Request building, DICOM JSON and multipart parsing are pure
 * (src/core/dicomweb); this module only moves bytes and turns failures into messages.
 *
 * Not `dicomweb-client` (npm): it is built on XMLHttpRequest (absent in Node, no AbortSignal), reads
 * the boundary from the body rather than the Content-Type, silently drops a truncated last part,
 * and logs failed requests to the console by default.
 *
 * The fetch is the platform's (Platform.dicomwebFetch): the renderer's CSP allows same-origin
 * connections only, so the web build goes through a same-origin proxy path, and the desktop app
 * will fetch in the main process over IPC (not built yet: its Platform has no dicomwebFetch).
 */

export type { FetchFn };

export interface DicomwebConnection {
  /** DICOMweb root, e.g. http://pacs:8042/dicom-web (or a same-origin proxy path in the web build). */
  url: string;
  auth: DicomwebAuth;
}

/** Retrieval progress: series done of the study's total, and bytes received so far. */
export interface RetrieveProgress {
  seriesDone: number;
  seriesTotal: number;
  bytes: number;
}

export interface RetrieveOptions {
  signal?: AbortSignal;
  onProgress?: (progress: RetrieveProgress) => void;
}

/** A failure the user should read as is (no stack, no URL with credentials). */
export class DicomwebError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DicomwebError';
  }
}

function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

/** HTTP 406 Not Acceptable: the server cannot send what the Accept header asks for. */
const NOT_ACCEPTABLE = 406;

async function get(fetchFn: FetchFn, conn: DicomwebConnection, url: string, accept: string, doing: string, signal?: AbortSignal, acceptOnRefusal?: string): Promise<Response> {
  const server = serverLabel(conn.url);
  let response: Response;
  try {
    response = await fetchFn(url, { headers: requestHeaders(conn.auth, accept), signal });
  } catch (error) {
    if (isAbort(error, signal)) throw error;
    throw new DicomwebError(unreachableMessage(server, doing, error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)));
  }
  if (response.status === NOT_ACCEPTABLE && acceptOnRefusal) {
    await response.body?.cancel().catch(() => undefined);
    return get(fetchFn, conn, url, acceptOnRefusal, doing, signal);
  }
  if (!response.ok) {
    // The error page's body is discarded unread: never shown (it may echo the request's headers).
    await response.body?.cancel().catch(() => undefined);
    throw new DicomwebError(httpFailureMessage(server, doing, response.status, response.statusText));
  }
  return response;
}

async function getJson(fetchFn: FetchFn, conn: DicomwebConnection, url: string, doing: string, signal?: AbortSignal): Promise<unknown> {
  const response = await get(fetchFn, conn, url, QIDO_ACCEPT, doing, signal);
  // 204 No Content: nothing matched.
  if (response.status === 204) return [];
  const body = await response.text();
  if (body.trim() === '') return [];
  try {
    return JSON.parse(body);
  } catch {
    throw new DicomwebError(`${serverLabel(conn.url)} answered ${doing} with something that is not JSON: check the DICOMweb URL.`);
  }
}

/** QIDO-RS: the studies matching `search`. */
export async function searchStudies(fetchFn: FetchFn, conn: DicomwebConnection, search: StudySearch, signal?: AbortSignal): Promise<StudySummary[]> {
  let url: string;
  try {
    url = studySearchUrl(conn.url, search);
  } catch (error) {
    throw new DicomwebError(error instanceof Error ? error.message : String(error));
  }
  const doing = 'searching studies';
  try {
    return parseStudies(await getJson(fetchFn, conn, url, doing, signal));
  } catch (error) {
    if (error instanceof DicomwebError || isAbort(error, signal)) throw error;
    throw new DicomwebError(`${serverLabel(conn.url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** QIDO-RS: a study's series, by series number. */
export async function searchSeries(fetchFn: FetchFn, conn: DicomwebConnection, studyUID: string, signal?: AbortSignal): Promise<SeriesSummary[]> {
  const json = await getJson(fetchFn, conn, seriesSearchUrl(conn.url, studyUID), 'listing the series of the study', signal);
  try {
    return parseSeries(json);
  } catch (error) {
    throw new DicomwebError(`${serverLabel(conn.url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The whole body, reporting bytes as they arrive (the signal aborts the read). */
async function readBody(response: Response, onBytes: (n: number) => void): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    chunks.push(r.value);
    length += r.value.length;
    onBytes(r.value.length);
  }
  const body = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.length;
  }
  return body;
}

/**
 * WADO-RS: every instance of the study, series by series, as an opened folder for the same index
 * and volume pipeline as a local folder (file paths `<series number>_<series UID>/<n>.dcm`).
 * All or nothing: a failure anywhere (HTTP error, lost connection, malformed multipart body, abort)
 * rejects and nothing is returned, so no partial study reaches the app.
 */
export async function retrieveStudy(fetchFn: FetchFn, conn: DicomwebConnection, study: Pick<StudySummary, 'studyInstanceUID' | 'patientName' | 'studyDate'>, options: RetrieveOptions = {}): Promise<OpenedFolder> {
  const { signal, onProgress } = options;
  const server = serverLabel(conn.url);
  const series = await searchSeries(fetchFn, conn, study.studyInstanceUID, signal);
  if (series.length === 0) throw new DicomwebError(`${server} lists no series in study ${study.studyInstanceUID}.`);
  const files: BlobFileSource[] = [];
  let bytes = 0;
  onProgress?.({ seriesDone: 0, seriesTotal: series.length, bytes });
  for (const [i, s] of series.entries()) {
    signal?.throwIfAborted();
    const doing = `retrieving series ${i + 1} of ${series.length} (${s.description || s.seriesInstanceUID})`;
    const response = await get(fetchFn, conn, seriesRetrieveUrl(conn.url, study.studyInstanceUID, s.seriesInstanceUID), WADO_INSTANCES_ACCEPT, doing, signal, WADO_INSTANCES_ACCEPT_DEFAULT);
    let body: Uint8Array;
    try {
      body = await readBody(response, (n) => {
        bytes += n;
        onProgress?.({ seriesDone: i, seriesTotal: series.length, bytes });
      });
    } catch (error) {
      if (isAbort(error, signal)) throw error;
      throw new DicomwebError(`${server}: the connection broke while ${doing} (${error instanceof Error ? error.message : String(error)}); nothing was opened.`);
    }
    const folder = `${s.seriesNumber ?? i + 1}_${s.seriesInstanceUID}`;
    try {
      const parts = parseMultipart(body, multipartBoundary(response.headers.get('content-type') ?? ''));
      for (const [k, part] of parts.entries()) {
        const type = mediaType(part.headers['content-type'] ?? 'application/dicom');
        if (type !== 'application/dicom') throw new MultipartError(`part ${k + 1} is '${type}', not application/dicom`);
        files.push(new BlobFileSource(`${folder}/${String(k + 1).padStart(5, '0')}.dcm`, new Blob([part.body as BlobPart])));
      }
    } catch (error) {
      if (!(error instanceof MultipartError)) throw error;
      throw new DicomwebError(`${server} sent a malformed response while ${doing}: ${error.message}; nothing was opened.`);
    }
    onProgress?.({ seriesDone: i + 1, seriesTotal: series.length, bytes });
  }
  const date = study.studyDate ? ` ${study.studyDate}` : '';
  return { name: `${study.patientName || study.studyInstanceUID}${date} (${server})`, files, unreadable: [] };
}
