import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainFileNameProblem } from '../../../src/shared/ipcContract';
import { fitNaming, mapFileName, roiMaskFileNames } from '../../../src/core/export/exportFileNames';
import { buildExportModel, type ExportOptions } from '../../../src/core/export/exportModel';
import { deriveSubjectId } from '../../../src/core/trial/subjectId';
import { roi, session, stats, study, twoVisitSession } from './sessionFixture';

const options: ExportOptions = { salt: 'trial-salt', dates: 'remove', include: [], units: 'trial', appVersion: '0.1.0', exportedAt: '2024-03-20T12:00:00.000Z' };
const subject = deriveSubjectId('trial-salt', 'PID-0042');

describe('fitNaming', () => {
  it("gives the series' subject pseudonym and its study's timepoint, as the export rows carry them", () => {
    const model = buildExportModel([twoVisitSession()], options);
    // r1.series is in the 2024-03-01 study (24 h), r3.series in the 2024-03-15 one (day 14).
    expect(fitNaming(model, options, 'r1.series')).toEqual({ subject, timepoint: '24 h' });
    expect(fitNaming(model, options, 'r3.series')).toEqual({ subject, timepoint: 'day 14' });
    expect(fitNaming(model, options, 'not.in.this.export')).toBeNull();
  });

  it('finds the series by its original UID when UIDs are opted in, and by its hash otherwise', () => {
    const withUids = { ...options, include: ['uids' as const] };
    expect(fitNaming(buildExportModel([twoVisitSession()], withUids), withUids, 'r3.series')).toEqual({ subject, timepoint: 'day 14' });
    // A model built with another salt hashes the UIDs differently: the series is not found.
    expect(fitNaming(buildExportModel([twoVisitSession()], { ...options, salt: 'other' }), options, 'r3.series')).toBeNull();
  });

  it('uses a typed pseudonym and timepoint; a typed subject ID carrying the patient name falls back to the derived one', () => {
    const typed = session('PID-0042', [
      study('1.2.3.1', '20240301', [roi('r1', 'infarct-core', 'core', [stats('fa', 0.4)])], { trial: { subjectId: 'SUBJ 007', timepoint: 'Visit 2 (day 3)', site: '', reader: '' } }),
    ]);
    expect(fitNaming(buildExportModel([typed], options), options, 'r1.series')).toEqual({ subject: 'SUBJ 007', timepoint: 'Visit 2 (day 3)' });
    const leaky = session('PID-0042', [
      study('1.2.3.1', '20240301', [roi('r1', 'infarct-core', 'core', [stats('fa', 0.4)])], { trial: { subjectId: 'Jane Doe', timepoint: '', site: '', reader: '' } }),
    ]);
    expect(fitNaming(buildExportModel([leaky], options), options, 'r1.series')).toEqual({ subject, timepoint: '24 h' });
  });
});

describe('NIfTI export file names', () => {
  const naming = { subject: 'S-0123456789ab', timepoint: 'day 14' };

  it('map files: <subject>_<timepoint>_<map>.nii.gz', () => {
    expect(mapFileName(naming, 'FA')).toBe('S-0123456789ab_day-14_FA.nii.gz');
    expect(mapFileName({ subject: 'S-0123456789ab', timepoint: '24 h' }, 'colorFA')).toBe('S-0123456789ab_24-h_colorFA.nii.gz');
  });

  it('mask files: <subject>_<timepoint>_<role>-<n>_mask.nii.gz, n counted within each role; never the free-text ROI name', () => {
    const rois = [{ role: 'infarct-core' as const }, { role: 'contralateral-mirror' as const }, { role: 'infarct-core' as const }, { role: 'other' as const }];
    expect(roiMaskFileNames(naming, rois)).toEqual([
      'S-0123456789ab_day-14_infarct-core-1_mask.nii.gz',
      'S-0123456789ab_day-14_contralateral-mirror-1_mask.nii.gz',
      'S-0123456789ab_day-14_infarct-core-2_mask.nii.gz',
      'S-0123456789ab_day-14_other-1_mask.nii.gz',
    ]);
    // The function only sees the role: an ROI named after the patient cannot reach the name.
    expect(roiMaskFileNames(naming, [{ role: 'perilesional', name: 'DOE^JANE' } as { role: 'perilesional' }])).toEqual(['S-0123456789ab_day-14_perilesional-1_mask.nii.gz']);
  });

  it('sanitises typed fields: separators, dots, accents and control characters become single dashes; "_" stays the field separator', () => {
    expect(mapFileName({ subject: 'SUBJ 007', timepoint: 'Visit 2 (day 3)' }, 'MD')).toBe('SUBJ-007_Visit-2-day-3_MD.nii.gz');
    expect(mapFileName({ subject: '../../etc/passwd', timepoint: 'a_b\\c\u0000d' }, 'RD')).toBe('etc-passwd_a-b-c-d_RD.nii.gz');
    expect(mapFileName({ subject: 'Sujet-é.01', timepoint: 'jour 14' }, 'AD')).toBe('Sujet-e-01_jour-14_AD.nii.gz');
    // Nothing printable left: a neutral placeholder, never an empty field.
    expect(mapFileName({ subject: '///', timepoint: '' }, 'FA')).toBe('subject_timepoint_FA.nii.gz');
  });

  it('every name is a plain file name with subject and timepoint as single fields, whatever the typed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), (s, t) => {
        const map = mapFileName({ subject: s, timepoint: t }, 'FA');
        const [mask] = roiMaskFileNames({ subject: s, timepoint: t }, [{ role: 'infarct-core' }]);
        expect(map).toMatch(/^[A-Za-z0-9-]+_[A-Za-z0-9-]+_FA\.nii\.gz$/);
        expect(mask).toBe(map.replace(/_FA\.nii\.gz$/, '_infarct-core-1_mask.nii.gz'));
        for (const name of [map, mask]) {
          expect(plainFileNameProblem(name)).toBe('');
          expect(name.length).toBeLessThan(140);
        }
      }),
      { seed: 0xf11e },
    );
  });
});
