import { dicomTimeSeconds } from './dicomTimeSeconds';

/**
 * A DICOM DT value (YYYYMMDDHHMMSS.FFFFFF, optionally &ZZXX) as seconds since 1970-01-01 UTC,
 * ignoring the offset (frames of one series share it); null when empty or malformed.
 */
export function dicomDateTimeSeconds(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2}(?:\d{2}(?:\d{2}(?:\.\d{1,6})?)?)?)?(?:[+-]\d{4})?$/.exec(value.trim());
  if (!m) return null;
  const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000;
  const time = m[4] ? dicomTimeSeconds(m[4]) : 0;
  return Number.isFinite(day) && time !== null ? day + time : null;
}
