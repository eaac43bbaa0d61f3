import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runExport } from '../../../src/cli/export';
import type { DicomIndex, SeriesEntry } from '../../../src/core/dicom/types';
import { buildExportFiles } from '../../../src/core/export/exportFiles';
import { neutraliseFormula } from '../../../src/core/export/neutraliseFormula';
import { recordSessions, type CaseRecord } from '../../../src/core/export/recordSessions';
import type { MeasurementRecord, StoredRoi } from '../../../src/core/store/records';
import { readCsv, readCsvObjects } from './readCsv';
import { roi, session, stats, study } from './sessionFixture';

/** Text a spreadsheet would run as a formula. */
const HOSTILE = ['=HYPERLINK("http://x.invalid","go")', '+cmd|" /C calc"!A0', '-2+3', '@SUM(A1:A2)', '\tname', '\rname'];

describe('neutraliseFormula', () => {
  it.each(HOSTILE)('prefixes an apostrophe to %j', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it('leaves other text as it is', () => {
    for (const text of ['Infarct core', "'=already", ' =spaced', '', 'a=b', '24 h']) expect(neutraliseFormula(text)).toBe(text);
  });
});

/** A session whose every free-text field that reaches a CSV is hostile, with one negative-valued map. */
function hostileSession() {
  const core = roi('r1', 'infarct-core', HOSTILE[0], [stats('fa', 0.3), stats('md', 0.00042), stats('phase', -0.5)]);
  const mirror = roi('r2', 'contralateral-mirror', HOSTILE[3], [stats('fa', 0.45), stats('md', 0.0007), stats('phase', -0.25)], 'r1');
  const s1 = study('1.2.826.0.1.3680043.1.2001', '20240301', [core, mirror], {
    trial: { subjectId: HOSTILE[1], timepoint: HOSTILE[2], site: HOSTILE[4], reader: HOSTILE[5] },
    lesions: [{ id: 'l1', name: '=1+1', seriesInstanceUID: 'r1.series', abcMm: [40, 30, 20], planimetricMl: 11.5, measuredAt: '2024-03-02T10:05:00.000Z' }],
  });
  return session('PID-0042', [s1], '=EVIL^NAME');
}

const options = { salt: 'k', dates: 'remove' as const, units: 'trial' as const, appVersion: '0.1.0', exportedAt: '2024-04-01T00:00:00.000Z' };

describe('every CSV writer neutralises formula text and leaves numbers alone', () => {
  it('long, wide and longitudinal CSVs: text cells prefixed, negative numbers untouched', () => {
    const { files } = buildExportFiles([hostileSession()], { ...options, include: ['patientName'] });
    const long = readCsvObjects(files.find((f) => f.name.endsWith('_long.csv'))!.text);
    expect(new Set(long.map((r) => r.subject))).toEqual(new Set([`'${HOSTILE[1]}`]));
    expect(new Set(long.map((r) => r.timepoint))).toEqual(new Set([`'${HOSTILE[2]}`]));
    expect(new Set(long.map((r) => r.PatientName))).toEqual(new Set(["'=EVIL^NAME"]));
    expect(long.find((r) => r.roi_role === 'infarct-core')!.roi_name).toBe(`'${HOSTILE[0]}`);
    expect(long.find((r) => r.roi_role === 'lesion')!.roi_name).toBe("'=1+1");
    // The ratio's name starts with the hostile ROI name: the joined text is neutralised too.
    expect(long.find((r) => r.statistic === 'mean_ratio')!.roi_name.startsWith("'=HYPERLINK")).toBe(true);
    // Numbers: the 'phase' map's negative mean is a number, not text.
    expect(long.find((r) => r.roi_role === 'infarct-core' && r.map === 'PHASE' && r.statistic === 'mean')!.value).toBe('-0.5');
    const wide = readCsv(files.find((f) => f.name.endsWith('_wide.csv'))!.text);
    expect(wide[1][0]).toBe(`'${HOSTILE[1]}`);
    expect(wide[1][wide[0].indexOf('infarct_core_PHASE_mean')]).toBe('-0.5');
    // No field of any CSV starts with a formula character.
    for (const f of files.filter((x) => x.name.endsWith('.csv'))) {
      for (const row of readCsv(f.text)) for (const cell of row) expect(/^[=+@\t\r]/.test(cell) || (/^-/.test(cell) && Number.isNaN(Number(cell)))).toBe(false);
    }
  });

  it('holds for any ROI name (property)', () => {
    // The session's identifying values (sessionFixture: patient DOE^JANE, born 19500101, study
    // 1.2.3.4 of 20240301 10:15:00, accession ACC.3.4, descriptions), as lower-case letters and
    // digits. A name holding one of them, or ≥ 3 digits (a date can be 1 Jul 69), may rightly
    // be redacted; any other name must come out as typed.
    const secrets = ['doe', 'jane', 'mribrainstroke', 'acc34', 'r1series', 'r1seriesfor', 'dti30dir'];
    const mayBeRedacted = (name: string) => {
      const letters = name.toLowerCase().replace(/[^a-z0-9]/g, '');
      return (name.match(/\d/g) ?? []).length >= 3 || secrets.some((s) => letters.includes(s));
    };
    let plain = 0;
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (name) => {
        const s = session('P1', [study('1.2.3.4', '20240301', [roi('r1', 'other', name, [stats('fa', 0.4)])])]);
        const long = readCsvObjects(buildExportFiles([s], { ...options, include: [] }).files[0].text);
        const cell = long[0].roi_name;
        expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
        const asTyped = cell === name || cell === `'${name}`;
        if (!mayBeRedacted(name)) {
          plain++;
          expect(asTyped).toBe(true);
        } else expect(asTyped || cell.includes('[removed]')).toBe(true);
      }),
      { numRuns: 300, seed: 0x5eed0c5 },
    );
    expect(plain).toBeGreaterThan(250); // the exclusion is rare: the property still covers almost every name
  });

  it('a name holding a component of the patient name is redacted, then neutralised if it starts with a formula character', () => {
    const s = session('P1', [study('1.2.3.4', '20240301', [roi('r1', 'other', '=doe+1', [stats('fa', 0.4)])])]);
    expect(readCsvObjects(buildExportFiles([s], { ...options, include: [] }).files[0].text)[0].roi_name).toBe("'=[removed]+1");
  });
});

describe('the app and the CLI write the same bytes', () => {
  it('the export of the case record (desktop / web) equals `cli export` of the same sessions, hostile names included', async () => {
    const series = (uid: string) => ({ seriesInstanceUID: uid, frameOfReferenceUID: `${uid}.9`, description: 'DTI', bValues: [0, 1000], frames: [] }) as unknown as SeriesEntry;
    const index: DicomIndex = {
      patients: [
        {
          patientId: 'PID-0042',
          patientName: 'DOE^JANE',
          birthDate: '19500101',
          sex: 'F',
          studies: [
            { studyInstanceUID: '1.2.3.1', studyDate: '20240301', studyTime: '1015', description: 'MRI', accessionNumber: 'A1', series: [series('1.2.3.1.1')] },
            { studyInstanceUID: '1.2.3.2', studyDate: '20240315', studyTime: '0900', description: 'MRI', accessionNumber: 'A2', series: [series('1.2.3.2.1')] },
          ],
        },
      ],
      skipped: [],
      fileCount: 0,
    };
    // Stored ROI objects need not list their keys in schema order (plane normal before origin here).
    const fit = { fitId: 'fit-1', estimator: 'wls' as const, maskThreshold: 1, bValues: [0, 1000], appVersion: '0.1.0', fittedAt: '2024-03-01T11:00:00.000Z' };
    const stamps = { createdBy: 'R1', updatedBy: 'R1', createdAt: '2024-03-01T12:00:00.000Z', updatedAt: '2024-03-01T12:00:00.000Z' };
    const stored = (r: ReturnType<typeof roi>, study: string, series: string): StoredRoi => ({
      key: { studyInstanceUID: study, seriesInstanceUID: series, frameOfReferenceUID: null },
      roi: { ...r.roi, plane: { normal: r.roi.plane.normal, origin: r.roi.plane.origin } },
      measured: { stats: r.stats, units: { fa: '1', md: 'mm^2/s' }, fit, measuredAt: r.measuredAt },
      ...stamps,
    });
    const lesion: MeasurementRecord = {
      id: 'l',
      key: { studyInstanceUID: '1.2.3.2', seriesInstanceUID: '1.2.3.2.1', frameOfReferenceUID: null },
      name: '-lesion',
      role: 'infarct-core',
      kind: 'abc2',
      payload: { kind: 'abc2', aMm: 30, bMm: 20, cMm: 10, volumeMl: 3, modality: 'CT', cMethod: 'slices', slices: { first: { index: 3, locationMm: 10 }, last: { index: 5, locationMm: 18 }, spacingMm: 4 }, planimetricMl: 3.1 },
      ...stamps,
    };
    const record: CaseRecord = {
      rois: [
        stored(roi('a', 'infarct-core', HOSTILE[0], [stats('fa', 0.31), stats('md', 0.00043)]), '1.2.3.1', '1.2.3.1.1'),
        stored(roi('b', 'contralateral-mirror', 'mirror', [stats('fa', 0.44), stats('md', 0.00071)], 'a'), '1.2.3.1', '1.2.3.1.1'),
        stored(roi('c', 'infarct-core', HOSTILE[0], [stats('fa', 0.28), stats('md', 0.00061)]), '1.2.3.2', '1.2.3.2.1'),
      ],
      measurements: [lesion],
      segmentations: [],
    };
    const now = new Date('2024-04-02T08:00:00.000Z');
    const meta = { '1.2.3.1': { subjectId: '', timepoint: '', site: '=site', reader: '' } };
    const sessions = recordSessions(index, meta, record, { appVersion: '0.1.0', savedAt: now.toISOString(), reader: '@me' });
    const app = buildExportFiles(sessions, { salt: 'same-key', units: 'trial', dates: 'shift', include: [], appVersion: '0.1.0', exportedAt: now.toISOString() }, 'dti_export_20240402');

    const root = await mkdtemp(join(tmpdir(), 'dti-app-cli-'));
    try {
      await mkdir(join(root, 'sessions'));
      for (const [i, s] of sessions.entries()) {
        await writeFile(join(root, 'sessions', `session${i}.json`), JSON.stringify(s));
      }
      await runExport(join(root, 'sessions'), join(root, 'out'), { salt: 'same-key', dates: 'shift', exportedAt: now.toISOString(), baseName: 'dti_export_20240402' });
      expect(app.files.map((f) => f.name)).toEqual(['dti_export_20240402_long.csv', 'dti_export_20240402_wide.csv', 'dti_export_20240402_longitudinal.csv', 'dti_export_20240402_provenance.json']);
      for (const f of app.files) expect(await readFile(join(root, "out", f.name), "utf8"), f.name).toBe(f.text);
      // The comparison covers real content: the hostile name, neutralised, and the day-14 change.
      expect(app.files[0].text).toContain(`"'=HYPERLINK(""http://x.invalid"",""go"")"`);
      expect(readCsvObjects(app.files[2].text).find((r) => r.map === 'MD' && r.statistic === 'mean')!.change).toBe('180');
      // The study's reader is the one who signed its records; the ABC/2 carries how it was measured.
      const provenance = JSON.parse(app.files[3].text) as { subjects: { studies: { reader: string; series: { fit: { fitId: string } | null }[]; rois: { fitId: string }[]; lesions: { modality: string; cMethod: string; slices: unknown }[] }[] }[] };
      const [first, second] = provenance.subjects[0].studies;
      expect(first.reader).toBe('R1');
      expect(first.rois.map((r) => r.fitId)).toEqual(['fit-1', 'fit-1']);
      expect(first.series[0].fit?.fitId).toBe('fit-1');
      expect(second.lesions[0]).toMatchObject({ modality: 'CT', cMethod: 'slices', slices: { first: 3, last: 5, spacingMm: 4 } });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
