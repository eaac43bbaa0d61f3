import { dayToDicomDate, dicomDateToDay } from '../trial/dicomDate';
import { sha256Hex } from '../trial/sha256';
import { BASIC_PROFILE, type IdentifierFlag, type ProfileScope } from './basicProfile';

/**
 * De-identification of every value that goes into an export, by the Basic Profile table
 * (basicProfile.ts). Nothing identifying is emitted unless its flag is opted in.
 */

export interface DeidentifyOptions {
  /** Trial secret: salts hashed UIDs, derived subject IDs and date offsets. Never exported. */
  salt: string;
  /** Dates (DA) and timestamps: removed, or shifted by a per-subject offset. */
  dates: 'remove' | 'shift';
  /** Identifiers to emit as in the source (explicit opt-in). */
  include: readonly IdentifierFlag[];
}

/** Per-subject context: the options plus that subject's date offset in days (negative: into the past). */
export interface SubjectDeidContext extends DeidentifyOptions {
  dateShiftDays: number;
}

/**
 * A UID replaced by a salted hash, as a valid DICOM UID under the 2.25 (UUID-derived) root:
 * the first 128 bits of SHA-256(salt NUL uid) as a decimal integer (≤ 39 digits, so ≤ 44 chars).
 * Same UID and salt → same hash, so references between studies, series and ROIs survive.
 */
export function hashUid(salt: string, uid: string): string {
  if (uid === '') return '';
  return `2.25.${BigInt(`0x${sha256Hex(`${salt}\u0000${uid}`).slice(0, 32)}`).toString()}`;
}

/**
 * Per-subject date offset, −1 to −3650 days, from SHA-256 of the salt and PatientID: stable
 * for a subject across sessions (intervals between their studies are preserved exactly),
 * unrelated between subjects.
 */
export function subjectDateShiftDays(salt: string, patientId: string): number {
  return -(1 + (parseInt(sha256Hex(`${salt}\u0000date\u0000${patientId}`).slice(0, 8), 16) % 3650));
}

/** A DA value (YYYYMMDD) moved by `days`; '' when it is not a valid date. */
export function shiftDicomDate(da: string, days: number): string {
  const day = dicomDateToDay(da);
  return day === null ? '' : dayToDicomDate(day + days);
}

/** An ISO 8601 timestamp moved by whole days (UTC); '' when it does not parse. */
export function shiftTimestamp(iso: string, days: number): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms + days * 86_400_000).toISOString();
}

/** A work timestamp (fit, measurement) under the date policy: it dates the scan to within days. */
export function deidentifyTimestamp(iso: string, ctx: SubjectDeidContext): string | null {
  if (ctx.include.includes('dates')) return iso;
  return ctx.dates === 'shift' ? shiftTimestamp(iso, ctx.dateShiftDays) : null;
}

/**
 * The exportable attributes of one session object (`scope`), keyed by DICOM keyword: hashed
 * UIDs, shifted dates (shift mode) and the opted-in originals. Everything else is absent.
 */
export function deidentifyAttributes(
  scope: ProfileScope,
  source: Readonly<Record<string, unknown>>,
  ctx: SubjectDeidContext,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of BASIC_PROFILE) {
    if (entry.scope !== scope) continue;
    const value = source[entry.field];
    if (typeof value !== 'string' || value === '') continue;
    if (ctx.include.includes(entry.flag)) out[entry.keyword] = value;
    else if (entry.action === 'uid') out[entry.keyword] = hashUid(ctx.salt, value);
    else if (entry.action === 'date' && ctx.dates === 'shift') {
      const shifted = shiftDicomDate(value, ctx.dateShiftDays);
      if (shifted !== '') out[entry.keyword] = shifted;
    }
  }
  return out;
}

/**
 * The identifying values of a session object that must not leak through free text (ROI names,
 * site, reader...): every non-opted-in profile attribute of ≥ 3 characters, and the ≥ 3-character
 * components of person names. Sex and age are excluded: 'M' or '45' are not identifying in text.
 */
export function identifyingStrings(scope: ProfileScope, source: object, ctx: DeidentifyOptions): string[] {
  const fields = source as Readonly<Record<string, unknown>>;
  const out: string[] = [];
  for (const entry of BASIC_PROFILE) {
    if (entry.scope !== scope || entry.flag === 'sexAge' || ctx.include.includes(entry.flag)) continue;
    const value = fields[entry.field];
    if (typeof value !== 'string') continue;
    const parts = entry.personName ? [value, ...value.split(/[\^=\s]+/)] : [value];
    for (const p of parts) if (p.trim().length >= 3) out.push(p.trim());
  }
  return out;
}
