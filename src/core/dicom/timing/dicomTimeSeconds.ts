/**
 * A DICOM TM value (HHMMSS.FFFFFF, shorter forms HH, HHMM, and the retired HH:MM:SS) as seconds
 * after midnight; null when empty or malformed.
 */
export function dicomTimeSeconds(value: string): number | null {
  const m = /^(\d{2})(?::?(\d{2})(?::?(\d{2})(\.\d{1,6})?)?)?$/.exec(value.trim());
  if (!m) return null;
  const [hh, mm, ss] = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 60) return null;
  return hh * 3600 + mm * 60 + ss + (m[4] ? Number(m[4]) : 0);
}
