import { parseInstanceUids, parseSeries, parseStudies, type SeriesSummary, type StudySummary } from '../core/dicomweb/dicomJson';
import { httpFailureMessage, serverLabel, unreachableMessage } from '../core/dicomweb/failures';
import { part10InstanceUid } from '../core/dicomweb/part10Meta';
import { mediaType, MultipartError, multipartBoundary, parseMultipartPrefix, type MultipartPart } from '../core/dicomweb/multipart';
import { instanceRetrieveUrl, instanceSearchUrl, QIDO_ACCEPT, requestHeaders, seriesRetrieveUrl, seriesSearchUrl, studySearchUrl, WADO_INSTANCES_ACCEPT, WADO_INSTANCES_ACCEPT_DEFAULT, type DicomwebAuth, type StudySearch } from '../core/dicomweb/requests';
import type { FetchFn, OpenedFolder } from '../platform/Platform';
import { BlobFileSource } from '../workers/indexBlobSource';
import { RetrievalCache } from './retrievalCache';

/**
 * A DICOMweb client over `fetch` (QIDO-RS search, WADO-RS retrieval; STOW-RS in dicomwebStow.ts), for the browser, Electron's
 * renderer and Node tests alike. Request building, DICOM JSON and multipart parsing are pure
 * (src/core/dicomweb); this module only moves bytes and turns failures into messages.
 *
 * Not `dicomweb-client` (npm): it is built on XMLHttpRequest (absent in Node, no AbortSignal), reads
 * the boundary from the body rather than the Content-Type, silently drops a truncated last part,
 * and logs failed requests to the console by default.
 *
 * The fetch is the platform's (Platform.dicomwebFetch): the renderer's CSP allows same-origin
 * connections only, so the web build goes through a same-origin proxy path, and the desktop app
 * sends each request from the main process (IPC channel `dicomweb:request`).
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
  /** Where instances are kept between attempts; the session's cache by default. */
  cache?: RetrievalCache;
  onProgress?: (progress: RetrieveProgress) => void;
}

/** A failure the user should read as is (no stack, no URL with credentials). */
export class DicomwebError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DicomwebError';
  }
}

/** The instances retrieved in this session (see RetrievalCache). */
export const sessionRetrievalCache = new RetrievalCache();

function messageOf(error: unknown): string {
  return error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
}

function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

/** HTTP 406 Not Acceptable: the server cannot send what the Accept header asks for. */
const NOT_ACCEPTABLE = 406;

/** One request: method, Accept, and for a POST its body and Content-Type. */
export interface RequestSpec {
  method?: 'GET' | 'POST';
  accept: string;
  body?: Uint8Array;
  contentType?: string;
  /** Asked for instead when the server answers 406 to `accept`. */
  acceptOnRefusal?: string;
}

/**
 * Sends one request; an unreachable server or an HTTP error becomes a DicomwebError naming the
 * server and what was being done. `keepBodyOf` lists error statuses whose body the caller reads
 * (STOW-RS 409 carries the refusal reasons); other error bodies are discarded unread.
 */
export async function send(fetchFn: FetchFn, conn: DicomwebConnection, url: string, spec: RequestSpec, doing: string, signal?: AbortSignal, keepBodyOf: readonly number[] = []): Promise<Response> {
  const server = serverLabel(conn.url);
  const headers = requestHeaders(conn.auth, spec.accept);
  if (spec.contentType) headers['Content-Type'] = spec.contentType;
  let response: Response;
  try {
    response = await fetchFn(url, { method: spec.method ?? 'GET', headers, body: spec.body, signal, useSavedSignIn: conn.auth.kind === 'saved' });
  } catch (error) {
    if (isAbort(error, signal)) throw error;
    // The desktop host refused the request itself (no saved sign-in, a URL it does not allow): not the network.
    if (error instanceof Error && error.name === 'DicomwebHostError') throw new DicomwebError(`${server} was not asked while ${doing}: ${error.message}.`);
    throw new DicomwebError(unreachableMessage(server, doing, error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)));
  }
  if (response.status === NOT_ACCEPTABLE && spec.acceptOnRefusal) {
    await response.body?.cancel().catch(() => undefined);
    return send(fetchFn, conn, url, { ...spec, accept: spec.acceptOnRefusal, acceptOnRefusal: undefined }, doing, signal, keepBodyOf);
  }
  if (!response.ok && !keepBodyOf.includes(response.status)) {
    // The error page's body is discarded unread: never shown (it may echo the request's headers).
    await response.body?.cancel().catch(() => undefined);
    throw new DicomwebError(httpFailureMessage(server, doing, response.status, response.statusText));
  }
  return response;
}

function get(fetchFn: FetchFn, conn: DicomwebConnection, url: string, accept: string, doing: string, signal?: AbortSignal, acceptOnRefusal?: string): Promise<Response> {
  return send(fetchFn, conn, url, { accept, acceptOnRefusal }, doing, signal);
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

/**
 * The body, reporting bytes as they arrive (the signal aborts the read). A connection lost
 * mid-body does not throw: what arrived is returned with the error, so whole instances in it
 * can be kept for a retry.
 */
async function readBody(response: Response, onBytes: (n: number) => void): Promise<{ body: Uint8Array; error: unknown }> {
  if (!response.body) return { body: new Uint8Array(await response.arrayBuffer()), error: null };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let error: unknown = null;
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks.push(r.value);
      length += r.value.length;
      onBytes(r.value.length);
    }
  } catch (e) {
    error = e;
  }
  const body = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.length;
  }
  return { body, error };
}

/** The application/dicom parts of a WADO-RS answer; a part of another type is a malformed answer. */
function dicomParts(parts: MultipartPart[]): Uint8Array[] {
  return parts.map((part, k) => {
    const type = mediaType(part.headers['content-type'] ?? 'application/dicom');
    if (type !== 'application/dicom') throw new MultipartError(`part ${k + 1} is '${type}', not application/dicom`);
    return part.body;
  });
}

interface SeriesJob {
  fetchFn: FetchFn;
  conn: DicomwebConnection;
  studyUID: string;
  series: SeriesSummary;
  cache: RetrievalCache;
  doing: string;
  signal?: AbortSignal;
  onBytes(n: number): void;
}

/** Reads one WADO-RS multipart answer into the cache: whole parts are kept even when the answer broke off. */
async function receiveInto(job: SeriesJob, response: Response): Promise<void> {
  const server = serverLabel(job.conn.url);
  const { body, error } = await readBody(response, job.onBytes);
  if (error && isAbort(error, job.signal)) throw error;
  let boundary: string;
  try {
    boundary = multipartBoundary(response.headers.get('content-type') ?? '');
  } catch (e) {
    throw new DicomwebError(`${server} sent a malformed response while ${job.doing}: ${(e as Error).message}; nothing was opened.`);
  }
  const { parts, error: malformed } = parseMultipartPrefix(body, boundary);
  let instances: Uint8Array[];
  try {
    instances = dicomParts(parts);
  } catch (e) {
    throw new DicomwebError(`${server} sent a malformed response while ${job.doing}: ${(e as Error).message}; nothing was opened.`);
  }
  for (const [k, bytes] of instances.entries()) {
    // An instance without a readable meta header is kept under its place in the answer: it cannot
    // be matched on a retry, so a series holding one is fetched whole again.
    job.cache.add(server, job.studyUID, job.series.seriesInstanceUID, part10InstanceUid(bytes) ?? `#${k}`, bytes);
  }
  const kept = instances.length > 0 ? ` (${instances.length} whole instances kept: Open again fetches only the rest)` : '';
  if (error) {
    throw new DicomwebError(`${server}: the connection broke while ${job.doing} (${messageOf(error)}); nothing was opened${kept}.`);
  }
  if (malformed) throw new DicomwebError(`${server} sent a malformed response while ${job.doing}: ${malformed.message}; nothing was opened${kept}.`);
}

/**
 * Brings one series into the cache whole: nothing when it already is; the whole series in one
 * WADO-RS request when none of it is cached; else the server's instance list (QIDO-RS) and only
 * the missing instances, one request each. Marks the series complete only when all arrived.
 */
async function completeSeries(job: SeriesJob): Promise<void> {
  const { fetchFn, conn, studyUID, series, cache, doing, signal } = job;
  const server = serverLabel(conn.url);
  const cached = cache.series(server, studyUID, series.seriesInstanceUID);
  if (cached.complete) return;
  const recognisable = [...cached.instances.keys()].every((uid) => !uid.startsWith('#'));
  if (cached.instances.size === 0 || !recognisable) {
    cached.instances.clear();
    const response = await get(fetchFn, conn, seriesRetrieveUrl(conn.url, studyUID, series.seriesInstanceUID), WADO_INSTANCES_ACCEPT, doing, signal, WADO_INSTANCES_ACCEPT_DEFAULT);
    await receiveInto(job, response);
  } else {
    const listed = parseInstanceUids(await getJson(fetchFn, conn, instanceSearchUrl(conn.url, studyUID, series.seriesInstanceUID), `listing the instances of ${doing.replace(/^retrieving /, '')}`, signal));
    for (const uid of listed.filter((u) => !cached.instances.has(u))) {
      signal?.throwIfAborted();
      const response = await get(fetchFn, conn, instanceRetrieveUrl(conn.url, studyUID, series.seriesInstanceUID, uid), WADO_INSTANCES_ACCEPT, doing, signal, WADO_INSTANCES_ACCEPT_DEFAULT);
      await receiveInto(job, response);
    }
  }
  cached.complete = true;
}

/**
 * WADO-RS: every instance of the study, series by series, as an opened folder for the same index
 * and volume pipeline as a local folder (file paths `<series number>_<series UID>/<n>.dcm`).
 * All or nothing: a failure anywhere (HTTP error, lost connection, malformed multipart body, abort)
 * rejects and nothing is returned, so no partial study reaches the app. Instances that did arrive
 * whole stay in `cache` (the session's, by default), so a retry fetches only what is missing.
 */
export async function retrieveStudy(fetchFn: FetchFn, conn: DicomwebConnection, study: Pick<StudySummary, 'studyInstanceUID' | 'patientName' | 'studyDate'>, options: RetrieveOptions = {}): Promise<OpenedFolder> {
  const { signal, onProgress } = options;
  const cache = options.cache ?? sessionRetrievalCache;
  const server = serverLabel(conn.url);
  const series = await searchSeries(fetchFn, conn, study.studyInstanceUID, signal);
  if (series.length === 0) throw new DicomwebError(`${server} lists no series in study ${study.studyInstanceUID}.`);
  let bytes = 0;
  onProgress?.({ seriesDone: 0, seriesTotal: series.length, bytes });
  for (const [i, s] of series.entries()) {
    signal?.throwIfAborted();
    const doing = `retrieving series ${i + 1} of ${series.length} (${s.description || s.seriesInstanceUID})`;
    const onBytes = (n: number) => {
      bytes += n;
      onProgress?.({ seriesDone: i, seriesTotal: series.length, bytes });
    };
    await completeSeries({ fetchFn, conn, studyUID: study.studyInstanceUID, series: s, cache, doing, signal, onBytes });
    onProgress?.({ seriesDone: i + 1, seriesTotal: series.length, bytes });
  }
  const files = series.flatMap((s, i) => {
    const folder = `${s.seriesNumber ?? i + 1}_${s.seriesInstanceUID}`;
    const instances = [...cache.series(server, study.studyInstanceUID, s.seriesInstanceUID).instances.values()];
    return instances.map((blob, k) => new BlobFileSource(`${folder}/${String(k + 1).padStart(5, '0')}.dcm`, blob));
  });
  const date = study.studyDate ? ` ${study.studyDate}` : '';
  return { name: `${study.patientName || study.studyInstanceUID}${date} (${server})`, files, unreadable: [] };
}
