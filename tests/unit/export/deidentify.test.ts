import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildExportFiles } from '../../../src/core/export/exportFiles';
import type { ExportOptions } from '../../../src/core/export/exportModel';
import { hashUid, shiftDicomDate, subjectDateShiftDays } from '../../../src/core/export/deidentify';
import { redactFreeText } from '../../../src/core/export/freeTextRedaction';
import { sanitizeFileName } from '../../../src/core/export/sanitizeFileName';
import type { SessionFile, SessionRoi, SessionStudy } from '../../../src/core/export/sessionFile';
import { dayToDicomDate, dicomDateToDay } from '../../../src/core/trial/dicomDate';
import { readCsvObjects } from './readCsv';
import { roi, session, stats, study, twoVisitSession } from './sessionFixture';

const SALT = 'Zqsaltsecret0xQ';
const baseOptions: ExportOptions = { salt: SALT, dates: 'remove', include: [], units: 'trial', appVersion: '0.1.0', exportedAt: '2024-04-01T00:00:00.000Z' };

/** A token that cannot occur in an export by chance: if it is found, it leaked. */
const tok = (what: string, p: number, s = 0) => `Zq${what}${p}s${s}xQ`;

/** Generated trial metadata with a sentinel in every identifying attribute, also echoed into free text. */
const sessionsArb = fc
  .array(
    fc.record({
      studies: fc.array(
        fc.record({
          rois: fc.array(
            fc.record({
              role: fc.constantFrom('infarct-core', 'contralateral-mirror', 'perilesional', 'other' as const),
              leak: fc.constantFrom('none', 'PatName', 'PatId', 'Inst', 'RefPhys', 'Acc'),
              fa: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
              md: fc.double({ min: 1e-4, max: 3e-3, noNaN: true }),
              mirror: fc.boolean(),
            }),
            { maxLength: 3 },
          ),
          lesion: fc.option(fc.tuple(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 80 }))),
          siteLeak: fc.boolean(),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      firstDay: fc.integer({ min: dicomDateToDay('20100101')!, max: dicomDateToDay('20291231')! }),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((patients) =>
    patients.map((p, pi): SessionFile => {
      const studies = p.studies.map((st, si): SessionStudy => {
        const seriesUid = tok('SerUID', pi, si);
        const leakText: Record<string, string> = {
          PatName: `left ${tok('Family', pi).toLowerCase()} region`,
          PatId: `roi ${tok('PatId', pi)}`,
          Inst: `${tok('Inst', pi, si)} ROI`,
          RefPhys: `by ${tok('RefGiven', pi, si)}`,
          Acc: tok('Acc', pi, si),
        };
        const rois: SessionRoi[] = st.rois.map((r, k) => {
          const made = roi(`${seriesUid}.roi${k}`, r.role, `${leakText[r.leak] ?? 'core'} ${k}`, [stats('fa', r.fa), stats('md', r.md)], r.mirror && k > 0 ? `${seriesUid}.roi0` : undefined);
          return { ...made, seriesInstanceUID: seriesUid };
        });
        return study(tok('StudyUID', pi, si), dayToDicomDate(p.firstDay + 7 * si), rois, {
          studyTime: tok('Time', pi, si),
          accessionNumber: tok('Acc', pi, si),
          studyId: tok('StudyID', pi, si),
          description: tok('StudyDesc', pi, si),
          institutionName: tok('Inst', pi, si),
          institutionAddress: tok('InstAddr', pi, si),
          referringPhysicianName: `${tok('RefFamily', pi, si)}^${tok('RefGiven', pi, si)}`,
          performingPhysicianName: tok('PerfPhys', pi, si),
          operatorsName: tok('Operator', pi, si),
          stationName: tok('Station', pi, si),
          deviceSerialNumber: tok('Serial', pi, si),
          trial: { subjectId: '', timepoint: '', site: st.siteLeak ? `site of ${tok('Inst', pi, si)}` : 'site-01', reader: 'R2' },
          series: [
            {
              seriesInstanceUID: seriesUid,
              frameOfReferenceUID: tok('FoR', pi, si),
              description: tok('SerDesc', pi, si),
              seriesDate: dayToDicomDate(p.firstDay + 7 * si),
              seriesTime: tok('SerTime', pi, si),
              fit: { estimator: 'iwls', bValues: [0, 1000], maskThreshold: 0.8, fittedAt: '2024-01-01T00:00:00.000Z' },
            },
          ],
          lesions: st.lesion ? [{ id: `${seriesUid}.lesion`, name: 'lesion', seriesInstanceUID: seriesUid, abcMm: st.lesion, planimetricMl: null, measuredAt: '2024-01-01T00:00:00.000Z' }] : [],
        });
      });
      const s = session(tok('PatId', pi), studies, `${tok('Family', pi)}^${tok('Given', pi)}`);
      return { ...s, patient: { ...s.patient, birthDate: tok('Birth', pi), age: tok('Age', pi), otherPatientIds: tok('OtherId', pi), address: tok('Addr', pi) } };
    }),
  );

/** Every identifying value of the generated sessions (whole values and person-name components), with its opt-in flag. */
function identifying(sessions: SessionFile[]): string[] {
  const out: string[] = [SALT];
  for (const s of sessions) {
    out.push(s.patient.patientId, s.patient.birthDate, s.patient.age!, s.patient.otherPatientIds!, s.patient.address!, ...s.patient.patientName.split('^'));
    for (const st of s.studies) {
      out.push(st.studyInstanceUID, st.studyDate, st.studyTime, st.accessionNumber, st.studyId!, st.description, st.institutionName!, st.institutionAddress!);
      out.push(...st.referringPhysicianName!.split('^'), st.performingPhysicianName!, st.operatorsName!, st.stationName!, st.deviceSerialNumber!);
      for (const se of st.series) out.push(se.seriesInstanceUID, se.frameOfReferenceUID!, se.description, se.seriesTime!);
    }
  }
  return out;
}

/** Fixed seed: a 39-digit hashed UID could contain an 8-digit study date by chance; the seed makes any such case reproducible. */
const runs = { numRuns: 60, seed: 20240401 };

describe('de-identification of every export (property)', () => {
  it('no identifying attribute, name component, UID, date or the salt appears in any export file by default', () => {
    fc.assert(
      fc.property(sessionsArb, (sessions) => {
        const { files } = buildExportFiles(sessions, baseOptions);
        const all = files.map((f) => f.text).join('\n').toLowerCase();
        for (const value of identifying(sessions)) expect(all, `leaked ${value}`).not.toContain(value.toLowerCase());
        // Measurements survive de-identification.
        const roiCount = sessions.flatMap((s) => s.studies.flatMap((st) => st.rois)).length;
        expect(readCsvObjects(files[0].text).filter((r) => r.statistic === 'mean' && r.map === 'MD')).toHaveLength(roiCount);
      }),
      runs,
    );
  });

  it('with dates shifted, original dates are absent and intervals between a subject’s studies are kept', () => {
    fc.assert(
      fc.property(sessionsArb, (sessions) => {
        const { files } = buildExportFiles(sessions, { ...baseOptions, dates: 'shift' });
        const text = files.map((f) => f.text).join('\n');
        const dates = sessions.flatMap((s) => s.studies.map((st) => st.studyDate));
        for (const d of dates) expect(text).not.toContain(d);
        const doc = JSON.parse(files[3].text);
        for (const subject of doc.subjects) {
          const days = subject.studies.map((st: { attributes: { StudyDate: string } }) => dicomDateToDay(st.attributes.StudyDate)!);
          expect(days.map((d: number) => d - days[0])).toEqual(subject.studies.map((st: { daysSinceFirst: number }) => st.daysSinceFirst));
        }
      }),
      runs,
    );
  });

  it('opted-in identifiers appear, and only those', () => {
    fc.assert(
      fc.property(sessionsArb, (sessions) => {
        const { files } = buildExportFiles(sessions, { ...baseOptions, include: ['patientId', 'uids'] });
        const text = files.map((f) => f.text).join('\n');
        for (const s of sessions) {
          expect(text).toContain(s.patient.patientId);
          for (const st of s.studies) expect(text).toContain(st.studyInstanceUID);
          expect(text).not.toContain(s.patient.patientName.split('^')[0]);
          expect(text).not.toContain(s.patient.birthDate);
        }
        const long = readCsvObjects(files[0].text);
        if (long.length > 0) expect(Object.keys(long[0]).slice(0, 4)).toEqual(['subject', 'timepoint', 'PatientID', 'OtherPatientIDs']);
      }),
      runs,
    );
  });
});

describe('de-identification helpers', () => {
  it('hashes UIDs to stable, salt-dependent, valid 2.25 UIDs', () => {
    const h = hashUid('s', '1.2.840.113619.2.1');
    expect(h).toMatch(/^2\.25\.[1-9][0-9]{0,38}$/);
    expect(h.length).toBeLessThanOrEqual(64);
    expect(hashUid('s', '1.2.840.113619.2.1')).toBe(h);
    expect(hashUid('t', '1.2.840.113619.2.1')).not.toBe(h);
  });

  it('shifts dates by a per-subject offset of 1–3650 days into the past', () => {
    const offset = subjectDateShiftDays('salt', 'S-1');
    expect(offset).toBeLessThanOrEqual(-1);
    expect(offset).toBeGreaterThanOrEqual(-3650);
    expect(shiftDicomDate('20240301', -1)).toBe('20240229');
    expect(shiftDicomDate('not a date', -1)).toBe('');
  });

  it('redacts identifying strings from free text, case-insensitively', () => {
    expect(redactFreeText('Left DOE infarct (doe^jane)', ['DOE^JANE', 'DOE'])).toBe('Left [removed] infarct ([removed])');
  });

  it('replaces a typed subject ID that contains the PatientID by the derived pseudonym, with a warning', () => {
    const s = twoVisitSession();
    s.studies.forEach((st) => (st.trial.subjectId = `subj ${s.patient.patientId}`));
    const { files, warnings } = buildExportFiles([s], baseOptions);
    expect(files.map((f) => f.text).join('')).not.toContain(s.patient.patientId);
    expect(warnings.join('\n')).toMatch(/typed subject ID/);
    expect(readCsvObjects(files[0].text)[0].subject).toMatch(/^S-[0-9a-f]{12}$/);
  });
});

describe('sanitizeFileName', () => {
  it.each([
    ['trial 01/site:3 *export*', 'trial_01_site_3_export'],
    ['../../etc/passwd', 'etc_passwd'],
    ['CON.csv', '_CON.csv'],
    ['', 'export'],
    ['Ünïcode é', 'Unicode_e'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });
});
