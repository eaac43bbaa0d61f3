/**
 * DICOM DA values (YYYYMMDD) as whole UTC day numbers (days since 1970-01-01), so date
 * differences and shifts are exact integer arithmetic with no time-zone or DST effects.
 */

/** Day number of a DA value; null when empty or not a real calendar date (e.g. 20230230). */
export function dicomDateToDay(da: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return Math.round(date.getTime() / 86_400_000);
}

/** DA value (YYYYMMDD) of a day number. */
export function dayToDicomDate(day: number): string {
  const date = new Date(day * 86_400_000);
  const y = String(date.getUTCFullYear()).padStart(4, '0');
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${y}${m}${d}`;
}
