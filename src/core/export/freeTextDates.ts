import { dicomDateToDay } from '../trial/dicomDate';

/**
 * Calendar dates written in free text (ROI names, site, reader...), in the forms people and
 * systems type them: ISO 8601 and Y/M/D (1969-07-14, 1969/7/14, 1969.07.14), DICOM DA
 * (19690714), D/M/Y and M/D/Y with '/', '.' or '-' (14/07/1969, 7-14-1969, 14.07.69) and
 * English month names (14 July 1969, 14-Jul-69, 14th of July 1969, July 14, 1969, 14JUL1969).
 */

/** A date candidate's possible readings: year (2 or 4 digits as written) and month/day pairs. */
interface DateReading {
  year: number;
  twoDigitYear: boolean;
  /** Month/day pairs the text can mean (two for 05/06/1969: D/M/Y and M/D/Y). */
  monthDays: [number, number][];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Full names before abbreviations so 'march' is not read as 'mar' + 'ch'. */
const MONTH_NAME =
  '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?(?![a-z])';
const GAP = '[\\s,./-]*';
const ORDINAL = '(?:st|nd|rd|th)?';

/** Each pattern with the reading of its match. Digit runs are bounded so a longer number is never cut into a date. */
const PATTERNS: { regex: RegExp; read: (m: string[]) => DateReading }[] = [
  {
    // 14 July 1969, 14-Jul-69, 14th of July 1969, 14JUL1969
    regex: new RegExp(`(?<![a-z0-9])(\\d{1,2})${ORDINAL}${GAP}(?:of\\s+)?${MONTH_NAME}${GAP}(\\d{4}|\\d{2})(?!\\d)`, 'gi'),
    read: (m) => named(m[3], monthNumber(m[2]), Number(m[1])),
  },
  {
    // July 14, 1969, Jul 14th 69
    regex: new RegExp(`(?<![a-z])${MONTH_NAME}${GAP}(\\d{1,2})${ORDINAL}${GAP}(\\d{4}|\\d{2})(?!\\d)`, 'gi'),
    read: (m) => named(m[3], monthNumber(m[1]), Number(m[2])),
  },
  {
    // 1969-07-14, 1969/7/14, 1969.07.14 (one separator throughout)
    regex: /(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)/g,
    read: (m) => ({ year: Number(m[1]), twoDigitYear: false, monthDays: [[Number(m[3]), Number(m[4])]] }),
  },
  {
    // 14/07/1969 (D/M/Y) or 07/14/1969 (M/D/Y), also with '.' or '-', 2- or 4-digit year
    regex: /(?<!\d)(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?!\d)/g,
    read: (m) => ({
      year: Number(m[4]),
      twoDigitYear: m[4].length === 2,
      monthDays: [
        [Number(m[3]), Number(m[1])],
        [Number(m[1]), Number(m[3])],
      ],
    }),
  },
  {
    // 19690714 (DICOM DA)
    regex: /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/g,
    read: (m) => ({ year: Number(m[1]), twoDigitYear: false, monthDays: [[Number(m[2]), Number(m[3])]] }),
  },
];

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function named(year: string, month: number, day: number): DateReading {
  return { year: Number(year), twoDigitYear: year.length === 2, monthDays: [[month, day]] };
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  return dicomDateToDay(`${String(year).padStart(4, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`) !== null;
}

/** Years a 4-digit number is taken for a date in: a wider range mostly catches counts and IDs. */
const YEAR_MIN = 1850;
const YEAR_MAX = 2150;

export interface DateRedaction {
  /**
   * Every unambiguous date (a 4-digit year, or a month written as a name) is redacted. A
   * numeric date with a 2-digit year (01-02-03) is redacted only when it can be one of
   * `secretDates`: as a generic rule it would also take subject codes and version numbers.
   */
  allDates: boolean;
  /** DA values (YYYYMMDD) redacted in every form above (a birth date kept out even when dates are opted in). */
  secretDates: readonly string[];
}

/** `text` with each date that `policy` covers replaced by `replacement`. */
export function redactDates(text: string, policy: DateRedaction, replacement: string): string {
  const secrets = policy.secretDates.flatMap((da) => {
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da);
    return m && dicomDateToDay(da) !== null ? [{ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }] : [];
  });
  if (!policy.allDates && secrets.length === 0) return text;
  let out = text;
  PATTERNS.forEach(({ regex, read }, i) => {
    const namedMonth = i < 2;
    out = out.replace(regex, (...args: unknown[]) => {
      const match = args.slice(0, -2) as string[];
      const r = read(match);
      const years = r.twoDigitYear ? [1900 + r.year, 2000 + r.year] : [r.year];
      const readings = r.monthDays.flatMap(([month, day]) => years.filter((y) => isCalendarDate(y, month, day)).map((year) => ({ year, month, day })));
      const secret = readings.some((d) => secrets.some((s) => s.year === d.year && s.month === d.month && s.day === d.day));
      const generic = policy.allDates && (namedMonth || !r.twoDigitYear) && readings.some((d) => d.year >= YEAR_MIN && d.year <= YEAR_MAX);
      return secret || generic ? replacement : match[0];
    });
  });
  return out;
}
