import { BASIC_PROFILE, type IdentifierFlag } from '../export/basicProfile';
import { hashUid, shiftDicomDate } from '../export/deidentify';
import { CODES } from './codes';
import { personName } from './commonModules';
import type { Dataset } from './part10';

/**
 * A result object made fit for the trial by the PS3.15 Basic Application Level Confidentiality
 * Profile, with the same table and the same salted hashes as the CSV export (basicProfile.ts,
 * deidentify.ts), so its StudyInstanceUID is the one the CSV provenance lists:
 * - every instance, series, study, frame-of-reference and tracking UID, wherever it occurs
 *   (references included), replaced by hashUid(salt, uid): consistent across all objects,
 *   subjects and exports of the trial;
 * - PatientName and PatientID replaced by the subject pseudonym; the other table attributes
 *   emptied (they are type 2 here) unless opted in; study date shifted per subject or emptied;
 * - our own creation dates shifted the same way, or set to a dummy date (they are type 1);
 * - PatientIdentityRemoved YES with the method codes.
 * Free text (ROI names, record fields) is de-identified before it is written (RecordPolicy).
 */

export interface DatasetDeidentification {
  salt: string;
  dates: 'remove' | 'shift';
  include: readonly IdentifierFlag[];
  /** Subject pseudonym (the CSV's subject column) and that subject's date offset in days. */
  subject: string;
  dateShiftDays: number;
}

/** UID attributes remapped wherever they occur; class, transfer syntax and coding UIDs are kept. */
const UID_KEYWORDS = new Set([
  'StudyInstanceUID',
  'SeriesInstanceUID',
  'SOPInstanceUID',
  'FrameOfReferenceUID',
  'ReferencedSOPInstanceUID',
  'ReferencedFrameOfReferenceUID',
  'TrackingUID',
  'DimensionOrganizationUID',
  // SR UIDREF content items: tracking UIDs and source series UIDs.
  'UID',
]);

/** Profile attributes a result object fills with the app's own values (General Equipment). */
const OUR_OWN = new Set(['DeviceSerialNumber', 'StationName']);

/** Our own dates and times (type 1 where they occur): shifted, or a dummy under 'remove'. */
const CREATION_DATES = ['InstanceCreationDate', 'SeriesDate', 'ContentDate'];
const CREATION_TIMES = ['InstanceCreationTime', 'SeriesTime', 'ContentTime'];
const DUMMY_DATE = '19000101';
const DUMMY_TIME = '000000';

function remapUids(value: unknown, salt: string): unknown {
  if (Array.isArray(value)) return value.map((v) => remapUids(v, salt));
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  const out: Dataset = {};
  for (const [k, v] of Object.entries(value as Dataset)) {
    if (UID_KEYWORDS.has(k) && typeof v === 'string') out[k] = hashUid(salt, v);
    else if (UID_KEYWORDS.has(k) && Array.isArray(v)) out[k] = v.map((x) => (typeof x === 'string' ? hashUid(salt, x) : x));
    else out[k] = remapUids(v, salt);
  }
  return out;
}

export function deidentifyDataset(dataset: Dataset, d: DatasetDeidentification): Dataset {
  const out = d.include.includes('uids') ? { ...dataset } : (remapUids(dataset, d.salt) as Dataset);
  const keep = (flag: IdentifierFlag) => d.include.includes(flag);
  for (const entry of BASIC_PROFILE) {
    // Series-level and device attributes of a result object are our own (its series, this app), not the scanner's.
    if (entry.scope === 'series' || OUR_OWN.has(entry.keyword)) continue;
    if (!(entry.keyword in out) || keep(entry.flag) || entry.action === 'uid') continue;
    if (entry.action === 'date') out[entry.keyword] = d.dates === 'shift' ? shiftDicomDate(String(out[entry.keyword] ?? ''), d.dateShiftDays) : '';
    else out[entry.keyword] = '';
  }
  if (!keep('patientName')) out.PatientName = personName(d.subject);
  if (!keep('patientId')) out.PatientID = d.subject;
  if (!keep('dates')) {
    for (const k of CREATION_DATES) if (k in out) out[k] = d.dates === 'shift' ? shiftDicomDate(String(out[k]), d.dateShiftDays) : DUMMY_DATE;
    for (const k of CREATION_TIMES) if (k in out) out[k] = d.dates === 'shift' ? out[k] : DUMMY_TIME;
  }
  out.PatientIdentityRemoved = 'YES';
  out.DeidentificationMethod = 'PS3.15 Basic Profile (DTI Trial Viewer)';
  out.DeidentificationMethodCodeSequence = [
    CODES.basicProfile,
    ...(keep('dates') ? [CODES.fullDates] : d.dates === 'shift' ? [CODES.modifiedDates] : []),
    ...(keep('uids') ? [CODES.retainUids] : []),
  ];
  return out;
}
