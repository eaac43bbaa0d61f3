/**
 * STOW-RS (PS3.18 §10.5): the request body that stores DICOM instances (multipart/related with
 * one application/dicom part per instance) and the server's answer (a DICOM JSON dataset listing
 * the instances stored and those refused, with PS3.4 failure reasons). Pure: bytes in, bytes out.
 */

export const STOW_ACCEPT = 'application/dicom+json';

/** POST URL of a STOW-RS store, into one study when its UID is given (the server then checks each instance belongs to it). */
export function stowUrl(baseUrl: string, studyUID?: string): string {
  const base = baseUrl.trim().replace(/\/+$/, '');
  return studyUID ? `${base}/studies/${encodeURIComponent(studyUID)}` : `${base}/studies`;
}

/** The request's Content-Type for a body built by `multipartRelatedBody` with `boundary`. */
export function stowContentType(boundary: string): string {
  return `multipart/related; type="application/dicom"; boundary=${boundary}`;
}

const encoder = new TextEncoder();

/**
 * A multipart/related body (RFC 2387) with one `application/dicom` part per instance, in order.
 * `boundary` must not occur in any instance (a random one of 32+ characters never does in practice;
 * the caller checks with `boundaryOccursIn` before sending).
 */
export function multipartRelatedBody(instances: readonly Uint8Array[], boundary: string): Uint8Array {
  const head = encoder.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`);
  const between = encoder.encode(`\r\n`);
  const tail = encoder.encode(`--${boundary}--\r\n`);
  const total = instances.reduce((n, b) => n + head.length + b.length + between.length, 0) + tail.length;
  const body = new Uint8Array(total);
  let at = 0;
  for (const instance of instances) {
    body.set(head, at);
    at += head.length;
    body.set(instance, at);
    at += instance.length;
    body.set(between, at);
    at += between.length;
  }
  body.set(tail, at);
  return body;
}

/** Whether `--boundary` occurs in any of the instances (the body would then split in the wrong place). */
export function boundaryOccursIn(instances: readonly Uint8Array[], boundary: string): boolean {
  const needle = encoder.encode(`--${boundary}`);
  return instances.some((bytes) => {
    for (let i = bytes.indexOf(needle[0]); i !== -1 && i <= bytes.length - needle.length; i = bytes.indexOf(needle[0], i + 1)) {
      let j = 1;
      while (j < needle.length && bytes[i + j] === needle[j]) j++;
      if (j === needle.length) return true;
    }
    return false;
  });
}

export interface StowRefused {
  sopInstanceUID: string;
  /** PS3.4 failure reason (0x0000–0xFFFF), null when the server gave none. */
  reason: number | null;
  /** The reason as the user reads it. */
  explanation: string;
}

export interface StowOutcome {
  stored: string[];
  refused: StowRefused[];
}

type DicomJsonElement = { vr?: string; Value?: unknown[] };
type DicomJsonDataset = Record<string, DicomJsonElement | undefined>;

function items(ds: DicomJsonDataset, tag: string): DicomJsonDataset[] {
  const v = ds[tag]?.Value;
  return Array.isArray(v) ? v.filter((d): d is DicomJsonDataset => typeof d === 'object' && d !== null) : [];
}

function firstString(ds: DicomJsonDataset, tag: string): string {
  const v = ds[tag]?.Value?.[0];
  return typeof v === 'string' ? v : '';
}

/** PS3.4 Table B.2-1 and PS3.18 §10.5.3 failure reasons, as a user can act on them. */
export function stowReasonText(reason: number | null): string {
  if (reason === null) return 'refused without a reason';
  const hex = `0x${reason.toString(16).toUpperCase().padStart(4, '0')}`;
  if (reason === 0x0110) return `processing failure (${hex})`;
  if (reason === 0x0111) return `an instance with this UID is already stored (${hex})`;
  if (reason === 0x0122) return `the server does not accept this kind of object (SOP class not supported, ${hex})`;
  if (reason === 0x0124) return `not authorised to store (${hex})`;
  if (reason >= 0xa700 && reason <= 0xa7ff) return `the server is out of resources (${hex})`;
  if (reason >= 0xa900 && reason <= 0xa9ff) return `the object does not match its SOP class (${hex})`;
  if (reason >= 0xc000 && reason <= 0xcfff) return `the server cannot understand the object (${hex})`;
  return `refused (${hex})`;
}

/**
 * The Store Instances Response Module (PS3.18 §10.5.3): ReferencedSOPSequence (0008,1199) lists
 * what was stored, FailedSOPSequence (0008,1198) what was not, each item with its
 * ReferencedSOPInstanceUID (0008,1155) and FailureReason (0008,1197). Accepts the dataset or an
 * array holding it (servers differ); anything else throws.
 */
export function parseStowResponse(json: unknown): StowOutcome {
  const ds = Array.isArray(json) ? json[0] : json;
  if (typeof ds !== 'object' || ds === null) throw new Error('the STOW-RS answer is not a DICOM JSON dataset');
  const dataset = ds as DicomJsonDataset;
  const stored = items(dataset, '00081199').map((it) => firstString(it, '00081155'));
  const refused = items(dataset, '00081198').map((it) => {
    const raw = it['00081197']?.Value?.[0];
    const reason = typeof raw === 'number' && Number.isInteger(raw) ? raw : null;
    return { sopInstanceUID: firstString(it, '00081155'), reason, explanation: stowReasonText(reason) };
  });
  return { stored, refused };
}
