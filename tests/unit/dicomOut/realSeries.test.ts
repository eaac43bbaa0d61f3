import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { readResults } from '../../../src/core/dicomOut/readResults';
import { resultObjects } from '../../../src/core/dicomOut/resultObjects';
import { sourceSeries } from '../../../src/core/dicomOut/sourceSeries';
import type { CaseRecord } from '../../../src/core/export/recordSessions';
import { ellipseRoi } from '../../../src/core/roi/ellipseRoi';
import { voxelToLps } from '../../../src/core/roi/voxelAffine';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../../helpers/sharedData';
import { dciodvfy, hasTool } from './dicomTools';

if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);

/** One real series of each layout our objects must reference: classic single-frame, Siemens mosaic, enhanced multi-frame. */
const SERIES = ['ge_01_Ax_DWI_TENSOR_R2', 'siemens_mosaic_dicom2nifti', 'philips_enh_dicom2nifti', 'canon_3000_DTI_PA-ortho_enh', 'siemens_xa30_17_DWI_AP_enh', 'uih_9_dti_dir16_AP_134431'];
/**
 * Accepted dciodvfy warnings: empty StudyID (and StudyDate where the source's was an anonymiser's
 * '***'), our private coding scheme, and a source patient name without '^' (copied as read).
 */
const ACCEPTED = [
  /Study(ID\(0020,0010\)|Date\(0008,0020\))> - Missing attribute or value that would be needed to build DICOMDIR/,
  /Unrecognized defined term = <99DTITV>/,
  /PatientName\(0010,0010\)\[1\]> - Value dubious for this VR \[PN\] = <[^^>]*> - Retired Person Name form/,
];

describe.skipIf(!hasSharedDicom || !hasTool('dciodvfy'))('result objects on real scanner series', () => {
  it.each(SERIES)('%s: SEG, SR and parametric map pass dciodvfy and read back', async (id) => {
    const index = await indexFiles(await listFolder(join(sharedSeriesDir(id), 'dicom')));
    const study = index.patients[0].studies[0];
    const entry = study.series.find((s) => s.kind === 'dwi') ?? study.series[0];
    // A series without a frame of reference (some of these are anonymised without one) gets the
    // geometry of its plan for the test ROI, then only its SR (no SEG, no map, no outline).
    const series = sourceSeries({ ...entry, frameOfReferenceUID: entry.frameOfReferenceUID ?? '1.2.3' });
    const [nx, ny, nz] = series.dims;
    const key = { studyInstanceUID: study.studyInstanceUID, seriesInstanceUID: entry.seriesInstanceUID, frameOfReferenceUID: entry.frameOfReferenceUID };
    const centre = voxelToLps(series.affine, nx / 2, ny / 2, Math.floor(nz / 2));
    const ei = [series.affine[0], series.affine[4], series.affine[8]].map((v) => v * 4) as [number, number, number];
    const ej = [series.affine[1], series.affine[5], series.affine[9]].map((v) => v * 3) as [number, number, number];
    const roi = ellipseRoi({ id: 'r', role: 'infarct-core', name: 'Core' }, centre, ei, ej);
    const stamps = { createdBy: 'R', updatedBy: 'R', createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' };
    const fit = { fitId: 'f', estimator: 'wls' as const, maskThreshold: 1, bValues: [0, 1000], appVersion: '0.1.0', fittedAt: '2024-01-01T00:00:00.000Z' };
    const stats = { map: 'md', n: 40, mean: 0.0008, sd: 0.0001, median: 0.00079, q1: 0.0007, q3: 0.0009, iqr: 0.0002, min: 0.0005, max: 0.0011, areaMm2: 150 };
    const record: CaseRecord = { rois: [{ key, roi, measured: { stats: [stats], units: { md: 'mm^2/s' }, fit, measuredAt: stamps.createdAt }, ...stamps }], measurements: [], segmentations: [] };
    const md = new Float32Array(nx * ny * nz).fill(0.0008);
    const { files, warnings } = resultObjects(index, record, [{ seriesInstanceUID: entry.seriesInstanceUID, fitId: 'f', maps: { md } }], {
      units: 'trial',
      appVersion: '0.1.0',
      createdAt: '2024-01-01T00:00:00.000Z',
      reader: 'R',
      deidentify: null,
    });
    if (entry.frameOfReferenceUID === null) {
      expect(warnings).toEqual([`series ${entry.seriesNumber} "${entry.description}" has no FrameOfReferenceUID: results on it cannot be written as DICOM: its segmentations and maps are not written, its measurements are`]);
      expect(files.map((f) => f.name.replace(/^.*_(SEG|PM|SR)/, '$1'))).toEqual(['SR.dcm']);
    } else {
      expect(warnings).toEqual([]);
      expect(files.map((f) => f.name.replace(/^.*_(SEG|PM|SR)/, '$1'))).toEqual(['SEG_1.dcm', 'PM_MD.dcm', 'SR.dcm']);
    }
    for (const f of files) {
      const r = dciodvfy(f.bytes);
      expect(r.errors, `${id} ${f.name}\n${r.output}`).toEqual([]);
      expect(r.warnings.filter((w) => !ACCEPTED.some((a) => a.test(w))), `${id} ${f.name}`).toEqual([]);
    }
    const read = readResults(files);
    const restored = read.byStudy.get(study.studyInstanceUID)!;
    if (entry.frameOfReferenceUID === null) {
      expect(read.warnings).toEqual(['ROI "Core" has no outline (its series has no frame of reference): not restored']);
      expect(restored.rois).toEqual([]);
    } else expect(restored.rois[0].measured!.stats).toEqual([stats]);
  });
});
