/**
 * DICOMweb request building (PS3.18): QIDO-RS searches and WADO-RS retrievals as URL strings and
 * headers. Pure; the base URL may be absolute (http://host/dicom-web) or same-origin relative
 * (/dicomweb-proxy/dicom-web, the web build's proxy), so URLs are built as strings, not `URL`s.
 */

/** How to authenticate to the server. Credentials live only in memory: never logged or exported. */
export type DicomwebAuth =
  | { kind: 'none' }
  | { kind: 'basic'; user: string; password: string }
  | { kind: 'bearer'; token: string }
  /** Desktop: the sign-in saved on this computer for this server, added by the main process (the page never holds it). */
  | { kind: 'saved'; user: string };

/** QIDO-RS study search; empty fields are left out of the query. */
export interface StudySearch {
  patientId?: string;
  /** Matched as a prefix ('Doe' finds 'DOE^JOHN') unless it holds a wildcard (* or ?) already. */
  patientName?: string;
  /** Study date as YYYYMMDD or YYYY-MM-DD; a range as 'from-to' of either form (either end may be empty). */
  studyDate?: string;
  /** Modality in the study (MR, CT...). */
  modality?: string;
  /** Most studies to list. */
  limit?: number;
}

/**
 * WADO-RS Accept header for whole instances: `transfer-syntax=*` asks for each instance as stored,
 * so the server never transcodes (nor refuses what it cannot transcode); the image loader's WASM
 * codecs decode every transfer syntax a scanner writes (uncompressed, RLE, JPEG baseline/lossless,
 * JPEG-LS, JPEG 2000, HTJ2K), and an instance it could not decode is listed as skipped with its reason.
 */
export const WADO_INSTANCES_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';

/**
 * The fallback when a server answers 406 Not Acceptable to `transfer-syntax=*` (some do not
 * implement it): no parameter, so the server sends its default, Explicit VR Little Endian (PS3.18 §8.7.3).
 */
export const WADO_INSTANCES_ACCEPT_DEFAULT = 'multipart/related; type="application/dicom"';

export const QIDO_ACCEPT = 'application/dicom+json';

/** Attributes asked for in the study list (beyond those QIDO-RS returns by default). */
const STUDY_FIELDS = ['StudyDescription', 'ModalitiesInStudy', 'NumberOfStudyRelatedSeries', 'NumberOfStudyRelatedInstances', 'PatientBirthDate'];
const SERIES_FIELDS = ['SeriesDescription', 'SeriesNumber', 'Modality', 'NumberOfSeriesRelatedInstances'];

const DEFAULT_STUDY_LIMIT = 100;

function trimBase(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '');
}

/** Removes dashes from an ISO date ('2024-03-12' → '20240312'), keeping a range's dash; throws on anything else. */
export function qidoDate(input: string): string {
  const text = input.trim();
  const single = /^(\d{4})-?(\d{2})-?(\d{2})$/;
  const range = /^(\d{4}-?\d{2}-?\d{2})?\s*(?:-|–|to)\s*(\d{4}-?\d{2}-?\d{2})?$/;
  const s = single.exec(text);
  if (s) return `${s[1]}${s[2]}${s[3]}`;
  const r = range.exec(text);
  if (r && (r[1] || r[2])) return `${r[1] ? qidoDate(r[1]) : ''}-${r[2] ? qidoDate(r[2]) : ''}`;
  throw new Error(`Study date '${input}' is not a date (YYYY-MM-DD) or a range (YYYY-MM-DD - YYYY-MM-DD)`);
}

function query(params: [string, string][]): string {
  return params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

/** GET URL of a QIDO-RS study search (`{base}/studies?...`). */
export function studySearchUrl(baseUrl: string, search: StudySearch): string {
  const params: [string, string][] = [];
  const id = search.patientId?.trim();
  if (id) params.push(['PatientID', id]);
  const name = search.patientName?.trim();
  if (name) params.push(['PatientName', /[*?]/.test(name) ? name : `${name}*`]);
  const date = search.studyDate?.trim();
  if (date) params.push(['StudyDate', qidoDate(date)]);
  const modality = search.modality?.trim().toUpperCase();
  if (modality) params.push(['ModalitiesInStudy', modality]);
  for (const f of STUDY_FIELDS) params.push(['includefield', f]);
  params.push(['limit', String(search.limit ?? DEFAULT_STUDY_LIMIT)]);
  return `${trimBase(baseUrl)}/studies?${query(params)}`;
}

/** GET URL of the QIDO-RS list of a study's series. */
export function seriesSearchUrl(baseUrl: string, studyUID: string): string {
  return `${trimBase(baseUrl)}/studies/${encodeURIComponent(studyUID)}/series?${query(SERIES_FIELDS.map((f) => ['includefield', f]))}`;
}

/** GET URL of a WADO-RS series retrieval (every instance of it). */
export function seriesRetrieveUrl(baseUrl: string, studyUID: string, seriesUID: string): string {
  return `${trimBase(baseUrl)}/studies/${encodeURIComponent(studyUID)}/series/${encodeURIComponent(seriesUID)}`;
}

/** GET URL of the QIDO-RS list of a series' instances (each with its SOPInstanceUID). */
export function instanceSearchUrl(baseUrl: string, studyUID: string, seriesUID: string): string {
  return `${seriesRetrieveUrl(baseUrl, studyUID, seriesUID)}/instances`;
}

/** GET URL of a WADO-RS retrieval of one instance. */
export function instanceRetrieveUrl(baseUrl: string, studyUID: string, seriesUID: string, sopInstanceUID: string): string {
  return `${seriesRetrieveUrl(baseUrl, studyUID, seriesUID)}/instances/${encodeURIComponent(sopInstanceUID)}`;
}

/** Base64 of a string's UTF-8 bytes (HTTP basic auth, RFC 7617 with charset UTF-8). */
function base64Utf8(text: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Request headers: Accept plus the Authorization the connection asks for. */
export function requestHeaders(auth: DicomwebAuth, accept: string): Record<string, string> {
  const headers: Record<string, string> = { Accept: accept };
  if (auth.kind === 'basic') headers.Authorization = `Basic ${base64Utf8(`${auth.user}:${auth.password}`)}`;
  else if (auth.kind === 'bearer') headers.Authorization = `Bearer ${auth.token.trim()}`;
  return headers;
}
