import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildExportFiles } from '../../../src/core/export/exportFiles';
import { REDACTED, redactFreeText } from '../../../src/core/export/freeTextRedaction';
import { readCsvObjects } from './readCsv';
import { roi, session, stats, study } from './sessionFixture';

/** Seeded so a failure reproduces; change the seed to explore, never remove it. */
const runs = { numRuns: 200, seed: 19690714 };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** How people and systems write a date; each written here independently of the code under test. */
const FORMATS: Record<string, (t: Ymd) => string> = {
  iso: ({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`,
  ymdSlashUnpadded: ({ y, m, d }) => `${y}/${m}/${d}`,
  ymdDots: ({ y, m, d }) => `${y}.${pad(m)}.${pad(d)}`,
  dicom: ({ y, m, d }) => `${y}${pad(m)}${pad(d)}`,
  dmySlash: ({ y, m, d }) => `${pad(d)}/${pad(m)}/${y}`,
  dmyDot: ({ y, m, d }) => `${pad(d)}.${pad(m)}.${y}`,
  dmyDash: ({ y, m, d }) => `${d}-${m}-${y}`,
  mdySlash: ({ y, m, d }) => `${pad(m)}/${pad(d)}/${y}`,
  mdyDash: ({ y, m, d }) => `${m}-${d}-${y}`,
  dayMonthName: ({ y, m, d }) => `${d} ${MONTHS[m - 1]} ${y}`,
  dayMonAbbrDashes: ({ y, m, d }) => `${pad(d)}-${MONTHS[m - 1].slice(0, 3)}-${y}`,
  dayMonAbbrTwoDigitYear: ({ y, m, d }) => `${pad(d)}-${MONTHS[m - 1].slice(0, 3)}-${pad(y % 100)}`,
  ordinalOf: ({ y, m, d }) => `${d}${d === 1 || d === 21 || d === 31 ? 'st' : d === 2 || d === 22 ? 'nd' : d === 3 || d === 23 ? 'rd' : 'th'} of ${MONTHS[m - 1]} ${y}`,
  compactUpper: ({ y, m, d }) => `${pad(d)}${MONTHS[m - 1].slice(0, 3).toUpperCase()}${y}`,
  monthDayComma: ({ y, m, d }) => `${MONTHS[m - 1]} ${d}, ${y}`,
  monAbbrDotDay: ({ y, m, d }) => `${MONTHS[m - 1].slice(0, 3).toLowerCase()}. ${d} ${y}`,
};
/** Numeric with a 2-digit year: too ambiguous to redact as any date, redacted when it is an identifying date. */
const TWO_DIGIT_YEAR: Record<string, (t: Ymd) => string> = {
  dmyShort: ({ y, m, d }) => `${pad(d)}.${pad(m)}.${pad(y % 100)}`,
  mdyShort: ({ y, m, d }) => `${m}/${d}/${pad(y % 100)}`,
};

const dateArb = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((t) => ({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }));
const da = ({ y, m, d }: Ymd) => `${y}${pad(m)}${pad(d)}`;
/** Words around the identifier: no digits, no month names, so what survives is known. */
const contextArb = fc.array(fc.constantFrom('left', 'core', 'ROI', 'seen', 'dob', 'scan', 'infarct', '(', ')', ':'), { maxLength: 3 }).map((w) => w.join(' '));

describe('dates in free text are redacted in every common written form (property)', () => {
  it('any date, in any unambiguous format, inside any text: gone, the text around it kept', () => {
    fc.assert(
      fc.property(dateArb, fc.constantFrom(...Object.keys(FORMATS)), contextArb, contextArb, (date, format, before, after) => {
        const written = FORMATS[format](date);
        const out = redactFreeText(`${before} ${written} ${after}`, [], { allDates: true });
        expect(out).toBe(`${before} ${REDACTED} ${after}`);
      }),
      runs,
    );
  });

  it('an identifying date (birth date) is redacted in every format, 2-digit years included, even with dates opted in; other dates stay then', () => {
    const all = { ...FORMATS, ...TWO_DIGIT_YEAR };
    fc.assert(
      fc.property(dateArb, dateArb, fc.constantFrom(...Object.keys(all)), contextArb, (birth, other, format, before) => {
        fc.pre(birth.y % 100 !== other.y % 100 || birth.m !== other.m || birth.d !== other.d);
        const out = redactFreeText(`${before} ${all[format](birth)} / ${FORMATS.iso(other)}`, ['PID77', da(birth)], { allDates: false });
        expect(out).toBe(`${before} ${REDACTED} / ${FORMATS.iso(other)}`);
      }),
      runs,
    );
  });

  it('leaves numbers that are not dates alone', () => {
    for (const text of ['FA 0.45', 'b1000 s/mm2', '24 h', 'day 14', 'slice 12-14', '2024', 'v1.2.3', 'site 01-02-03', '3.5 x 2.0 x 1.5 cm', '12345678', '20241399'])
      expect(redactFreeText(text, [], { allDates: true }), text).toBe(text);
    // A 2-digit-year numeric form is not a date by itself (subject codes look like that).
    expect(redactFreeText('subject 07-14-69', [], { allDates: true })).toBe('subject 07-14-69');
  });
});

describe('identifiers in free text are redacted in their variants (property)', () => {
  /** An MRN / accession-like identifier: optional letter prefix, leading zeros, ≥ 4 significant digits. */
  const idArb = fc.record({
    prefix: fc.constantFrom('', 'MRN', 'ACC', 'H', 'pid'),
    storedSep: fc.constantFrom('', '-', ' ', '_'),
    zeros: fc.integer({ min: 0, max: 2 }),
    digits: fc.stringMatching(/^[1-9][0-9]{3,8}$/),
  });
  const variantArb = fc.record({
    textCase: fc.constantFrom('upper', 'lower', 'as stored'),
    prefix: fc.constantFrom('keep', 'drop', 'other'),
    zeros: fc.constantFrom('keep', 'drop'),
    seps: fc.array(fc.constantFrom('-', ' ', '.', '/', ': '), { maxLength: 3 }),
    sepAt: fc.array(fc.nat(), { maxLength: 3 }),
  });

  it('case, separators, leading zeros and prefixes changed: the identifier is gone', () => {
    fc.assert(
      fc.property(idArb, variantArb, contextArb, (id, v, before) => {
        const stored = `${id.prefix}${id.prefix ? id.storedSep : ''}${'0'.repeat(id.zeros)}${id.digits}`;
        let body = `${v.zeros === 'keep' ? '0'.repeat(id.zeros) : ''}${id.digits}`;
        // Separators inserted between digits, as people group long numbers.
        for (let i = 0; i < v.seps.length; i++) {
          const at = 1 + ((v.sepAt[i] ?? 0) % (body.length - 1));
          if (/\d/.test(body[at - 1]) && /\d/.test(body[at])) body = `${body.slice(0, at)}${v.seps[i]}${body.slice(at)}`;
        }
        const prefix = v.prefix === 'keep' ? `${id.prefix}${id.storedSep}` : v.prefix === 'other' ? 'ID: ' : '';
        let written = `${prefix}${body}`;
        written = v.textCase === 'upper' ? written.toUpperCase() : v.textCase === 'lower' ? written.toLowerCase() : written;
        const out = redactFreeText(`${before} ${written} end`, [stored], { allDates: false });
        expect(out).not.toContain(id.digits);
        expect(out.replace(/\D/g, '')).not.toContain(id.digits); // not even with its separators left in place
        expect(out).toContain(REDACTED);
        expect(out.startsWith(before)).toBe(true);
        expect(out.endsWith(' end')).toBe(true);
      }),
      runs,
    );
  });

  it('names in other case and with other separators', () => {
    expect(redactFreeText('left Doe, Jane core', ['DOE^JANE', 'DOE', 'JANE'])).toBe(`left ${REDACTED} core`);
    expect(redactFreeText('acc-2024-a31 and ACC2024A31', ['acc2024a31'])).toBe(`${REDACTED} and ${REDACTED}`);
    expect(redactFreeText('St Marys Hospital', ["St. Mary's Hospital"])).toBe(REDACTED);
    // Letters-only names are not split letter by letter ('road oedema' holds no 'DOE').
    expect(redactFreeText('road oedema', ['DOE'])).toBe('road oedema');
  });
});

describe('the export redacts dates and identifier variants from ROI names', () => {
  it('a birth date as 14/07/1969, the MRN without its prefix and the accession number in lower case never reach the CSV', () => {
    const s = session('MRN-0048213', [
      study('1.2.3.4', '20240301', [roi('r1', 'infarct-core', 'core dob 14/07/1969 mrn 48213 acc2024a31', [stats('fa', 0.4)])], { accessionNumber: 'ACC2024A31' }),
    ]);
    const withBirth = { ...s, patient: { ...s.patient, birthDate: '19690714' } };
    const options = { salt: 'k', dates: 'remove' as const, units: 'trial' as const, appVersion: '0.1.0', exportedAt: '2024-04-01T00:00:00.000Z' };
    const name = readCsvObjects(buildExportFiles([withBirth], { ...options, include: [] }).files[0].text)[0].roi_name;
    expect(name).toBe(`core dob ${REDACTED} mrn ${REDACTED} ${REDACTED}`);
    // With dates opted in (but not the birth date), the birth date is still redacted.
    const datesIn = readCsvObjects(buildExportFiles([withBirth], { ...options, include: ['dates'] }).files[0].text)[0].roi_name;
    expect(datesIn).toBe(`core dob ${REDACTED} mrn ${REDACTED} ${REDACTED}`);
  });
});
