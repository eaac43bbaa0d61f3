import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import type * as nifti from 'nifti-reader-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { runFit } from '../../../src/cli/fit';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import type { DtiMaps } from '../../../src/core/dti/types';
import { fitVolume } from '../../../src/core/dti/fitVolume';
import { MAP_EXPORTS, mapNifti, roiMaskNifti } from '../../../src/core/nifti/mapExports';
import { ellipseRoi } from '../../../src/core/roi/ellipseRoi';
import { roiStats } from '../../../src/core/roi/roiStats';
import { assembleVolume } from '../../../src/core/volume/assembleVolume';
import { writeSyntheticDtiStudy } from '../../fixtures/syntheticStudy';
import { readNifti } from './readNifti';

/**
 * NIfTI export of the app's maps and ROI masks against the CLI `fit` on the same synthetic,
 * oblique DICOM series whose every identifying attribute is a sentinel string.
 */

const root = mkdtempSync(join(tmpdir(), 'dti-nifti-export-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dicomDir = join(root, 'dicom');
const cliOut = join(root, 'cli');
const written = writeSyntheticDtiStudy(dicomDir, {
  dims: [32, 32, 8],
  voxelMm: [5, 5, 6],
  obliqueDegrees: [8, 0, 5],
  directionCount: 12,
  b0Count: 1,
  patientName: 'SENTINELNAME^GIVEN',
  patientId: 'SENTINELPID',
  patientBirthDate: '19410203',
  accessionNumber: 'SENTINELACC',
  studyDescription: 'SENTINEL STUDY',
  seriesDescription: 'SENTINEL SERIES',
  manufacturer: 'SENTINELMFR',
});

let maps: DtiMaps;
let b0: Float32Array;

beforeAll(async () => {
  await runFit(dicomDir, { method: 'wls', out: cliOut, workers: 1 });
  // The app's path: index, plan and assemble the series as dtiPipeline does, then fit.
  const files = await listFolder(dicomDir);
  const index = await indexFiles(files);
  const series = index.patients[0].studies[0].series[0];
  const volume = await assembleVolume(planSeries(series), new Map(files.map((f) => [f.path, f])), createFrameDecoder());
  maps = fitVolume(volume, { estimator: 'wls' });
  // The app hands its mean b0 in the maps' voxel order; any such array exercises the same path.
  b0 = maps.scalars.s0;
}, 60_000);

const header = (bytes: Uint8Array) => readNifti(bytes).header;
const float32 = (bytes: Uint8Array) => new Float32Array(readNifti(bytes).image);
const uint8 = (bytes: Uint8Array) => new Uint8Array(readNifti(bytes).image);

function geometry(h: nifti.NIFTI1) {
  return {
    dims: h.dims.slice(0, 4),
    pixDims: h.pixDims.slice(0, 4),
    qform: [h.qform_code, h.quatern_b, h.quatern_c, h.quatern_d, h.qoffset_x, h.qoffset_y, h.qoffset_z],
    sform: [h.sform_code, ...h.affine.slice(0, 3).flat()],
  };
}

describe('NIfTI export of maps and ROI masks', () => {
  it('every map header has the CLI fit’s dims, pixdim, qform and sform for the same series; FA voxels equal', () => {
    const cliFa = new Uint8Array(readFileSync(join(cliOut, 'FA.nii.gz')));
    const expected = geometry(header(cliFa));
    // An oblique stack: the affine has off-diagonal terms, so a wrong flip or sign shows.
    expect(Math.abs(expected.sform[2] as number)).toBeGreaterThan(0.1);
    for (const m of MAP_EXPORTS) expect(geometry(header(mapNifti({ maps, b0 }, m.label))), m.label).toEqual(expected);
    const ours = float32(mapNifti({ maps, b0 }, 'FA'));
    const theirs = float32(cliFa);
    let worst = 0;
    for (let v = 0; v < ours.length; v++) worst = Math.max(worst, Math.abs(ours[v] - theirs[v]));
    expect(worst).toBeLessThan(1e-5);
    expect(ours.some((x) => x > 0.2)).toBe(true);
  });

  it('the ROI mask has the ROI stats’ n voxels, and FA read through the two files gives the stats’ mean', () => {
    const centre = written.phantom.infarct!.centreLPS;
    const roi = ellipseRoi({ id: 'r1', name: 'SENTINELNAME core', role: 'infarct-core' }, centre, [12, 0, 0], [0, 9, 0]);
    const [fa] = roiStats(roi, { fa: { dims: maps.dims, affine: maps.affine, data: maps.scalars.fa } });
    expect(fa.n).toBeGreaterThan(5);
    const maskBytes = roiMaskNifti({ maps, b0 }, roi);
    const mask = uint8(maskBytes);
    const faFile = float32(mapNifti({ maps, b0 }, 'FA'));
    let n = 0;
    let sum = 0;
    for (let v = 0; v < mask.length; v++) {
      if (mask[v] === 1) {
        n++;
        sum += faFile[v];
      } else expect(mask[v]).toBe(0);
    }
    expect(n).toBe(fa.n);
    expect(sum / n).toBeCloseTo(fa.mean, 6);
    expect(geometry(header(maskBytes))).toEqual(geometry(header(new Uint8Array(readFileSync(join(cliOut, 'mask.nii.gz'))))));
  });

  it('no sentinel identifier, nor the ROI’s free-text name, appears anywhere in an exported file', () => {
    const roi = ellipseRoi({ id: 'r1', name: 'SENTINELNAME core', role: 'infarct-core' }, written.phantom.infarct!.centreLPS, [8, 0, 0], [0, 8, 0]);
    const files = [...MAP_EXPORTS.map((m) => mapNifti({ maps, b0 }, m.label)), roiMaskNifti({ maps, b0 }, roi)];
    for (const bytes of files) {
      const raw = gunzipSync(bytes);
      const text = new TextDecoder('latin1').decode(raw);
      expect(text).not.toMatch(/SENTINEL|19410203/);
      const h = header(bytes);
      expect([h.aux_file, h.intent_name]).toEqual(['', '']);
      expect(h.description).toMatch(/^[A-Za-z0-9 -]+ DTI Trial Viewer$/);
    }
    // The CLI fit writes the same de-identified header.
    const cliFa = new Uint8Array(readFileSync(join(cliOut, 'FA.nii.gz')));
    expect(new TextDecoder('latin1').decode(gunzipSync(cliFa))).not.toMatch(/SENTINEL|19410203/);
    expect(header(cliFa).description).toBe('FA DTI Trial Viewer');
  });
});
