import type { MeasurementKey, PlanarRoi } from '../../../src/core/measure/types';
import type { MeasurementInput, SegmentationInput } from '../../../src/core/store/records';

/** A study with two series sharing one frame of reference (DWI and the derived FA). */
export const dwiKey: MeasurementKey = {
  studyInstanceUID: '2.25.1001',
  seriesInstanceUID: '2.25.1001.1',
  frameOfReferenceUID: '2.25.1001.9',
};
export const faKey: MeasurementKey = { ...dwiKey, seriesInstanceUID: '2.25.1001.2' };
export const otherStudyKey: MeasurementKey = { studyInstanceUID: '2.25.2002', seriesInstanceUID: '2.25.2002.1', frameOfReferenceUID: null };

/** An ellipse in the axial plane z = 12.5 mm (LPS), centre (-20, 10), semi-axes 8 mm (L-R) and 5 mm (A-P), as a 32-gon. */
export function ellipseRoi(id: string, overrides: Partial<PlanarRoi> = {}): PlanarRoi {
  const centre: [number, number, number] = [-20, 10, 12.5];
  const contour = Array.from({ length: 32 }, (_, i): [number, number, number] => {
    const t = (2 * Math.PI * i) / 32;
    return [centre[0] + 8 * Math.cos(t), centre[1] + 5 * Math.sin(t), centre[2]];
  });
  return {
    id,
    shape: 'ellipse',
    role: 'infarct-core',
    name: 'Core',
    plane: { origin: centre, normal: [0, 0, 1] },
    contour,
    ellipse: { centre, axisA: [8, 0, 0], axisB: [0, 5, 0] },
    ...overrides,
  };
}

/** The contralateral mirror of `ellipseRoi` across the mid-sagittal plane x = 0. */
export function mirroredRoi(id: string, of: PlanarRoi): PlanarRoi {
  const flip = (p: [number, number, number]): [number, number, number] => [-p[0], p[1], p[2]];
  return {
    ...of,
    id,
    role: 'contralateral-mirror',
    name: `${of.name} (mirror)`,
    plane: { origin: flip(of.plane.origin), normal: of.plane.normal },
    contour: of.contour.map(flip),
    ellipse: of.ellipse && { centre: flip(of.ellipse.centre), axisA: flip(of.ellipse.axisA), axisB: of.ellipse.axisB },
    mirrorOf: of.id,
  };
}

/** ABC/2 of a 40 × 30 × 25 mm lesion: 40·30·25/2 mm³ = 15 mL. */
export function abc2Measurement(id: string): MeasurementInput {
  return { id, key: dwiKey, name: 'Infarct ABC/2', role: 'infarct-core', payload: { kind: 'abc2', aMm: 40, bMm: 30, cMm: 25, volumeMl: (40 * 30 * 25) / 2 / 1000 } };
}

/** A 3-4-5 line: from (0,0,0) to (30,40,0) mm is 50 mm. */
/** Saved CT perfusion volumes (core / hypoperfused / mismatch) of one computation. */
export function perfusionVolumesMeasurement(id: string, coreMl = 12.5): MeasurementInput {
  const hypoperfusedMl = 40;
  return {
    id,
    key: dwiKey,
    name: 'Perfusion volumes',
    role: null,
    payload: {
      kind: 'perfusionVolumes',
      thresholds: { coreRelativeCbf: 0.3, hypoperfusedTmaxS: 6 },
      referenceSide: '-',
      referenceCbf: 48.5,
      midline: { origin: [0, 0, 0], normal: [1, 0, 0] },
      coreMl,
      hypoperfusedMl,
      mismatchMl: hypoperfusedMl - coreMl,
      mismatchRatio: hypoperfusedMl / coreMl,
      fit: { fitId: 'perfusion-1', estimator: 'osvd', maskThreshold: null, bValues: [], appVersion: '0.1.0', fittedAt: '2026-01-01T00:00:00.000Z' },
    },
  };
}

export function lengthMeasurement(id: string): MeasurementInput {
  return { id, key: faKey, name: 'Midline shift', role: null, payload: { kind: 'length', points: [[0, 0, 0], [30, 40, 0]], lengthMm: 50 } };
}

/** A clock that returns successive whole seconds from 2024-03-01T10:00:00Z, so timestamps are exact. */
export function steppingClock(): () => string {
  let t = Date.UTC(2024, 2, 1, 10, 0, 0);
  return () => {
    const iso = new Date(t).toISOString();
    t += 1000;
    return iso;
  };
}

/**
 * A brush lesion on a 20 × 16 × 6 grid of 2 mm voxels: a box of 5 × 4 × 3 voxels labelled 1
 * (60 voxels) at i 8–12, j 6–9, k 2–4, nothing else.
 */
export function lesionSegmentation(id: string, key: MeasurementKey = dwiKey): SegmentationInput {
  const dims: [number, number, number] = [20, 16, 6];
  const labels = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let k = 2; k <= 4; k++) for (let j = 6; j <= 9; j++) for (let i = 8; i <= 12; i++) labels[(k * dims[1] + j) * dims[0] + i] = 1;
  return { id, key, name: 'Lesion (brush)', role: 'infarct-core', dims, affine: [2, 0, 0, -19, 0, 2, 0, -15, 0, 0, 2, -5, 0, 0, 0, 1], labels };
}
