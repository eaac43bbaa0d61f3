import { describe, expect, it } from 'vitest';
import type { ScalarMapName } from '../../../src/core/dti/types';
import type { DtiResult } from '../../../src/state/dtiStore';
import { useDtiStore } from '../../../src/state/dtiStore';
import { DEFAULT_LAYER, useViewportStore } from '../../../src/state/viewportStore';
import { probeAnnotationTextLines, probeTextLines } from '../../../src/viewer/tools/probeTextLines';
import { drawingViewport } from '../../../src/viewer/tools/roiTextLines';

/**
 * The Probe text box prints what the probe readout prints. Grid: 4 × 4 × 2 voxels of 2 mm, voxel
 * (i, j, k) centred at LPS (10 + 2i, 20 + 2j, 30 + 2k) mm. Voxel (1, 2, 1) is flat index
 * 1 + 4·(2 + 4·1) = 25: FA 0.5324, MD 4.2e-4 mm²/s (shown 420), AD 7.9e-4 (790), colour FA (12, 200, 34), b0 1234.4.
 */
const dims: [number, number, number] = [4, 4, 2];
const n = 32;
const scalar = (at25: number) => Float32Array.from({ length: n }, (_, v) => (v === 25 ? at25 : 0));
const names: ScalarMapName[] = ['fa', 'md', 'ad', 'rd', 'l1', 'l2', 'l3', 's0', 'residual'];
const scalars = Object.fromEntries(names.map((m) => [m, scalar(0)])) as Record<ScalarMapName, Float32Array>;
scalars.fa = scalar(0.5324);
scalars.md = scalar(4.2e-4);
scalars.ad = scalar(7.9e-4);
const colorFa = new Uint8Array(3 * n);
colorFa.set([12, 200, 34], 75);
const result: DtiResult = {
  generation: 1,
  seriesUID: 'series-24h',
  frameOfReferenceUID: 'for-1',
  estimator: 'wls',
  fitId: 'fit-test',
  maskThreshold: 1,
  bValues: [0,
  1000],
  fittedAt: '2024-03-01T10:00:00.000Z',
  maps: {
    dims,
    spacing: [2, 2, 2],
    affine: [2, 0, 0, 10, 0, 2, 0, 20, 0, 0, 2, 30, 0, 0, 0, 1],
    scalars,
    v1: new Float32Array(3 * n),
    colorFa,
    mask: Uint8Array.from(scalar(1)),
    counts: { fitted: 1, nonPositiveEigen: 0, failed: 0 },
  },
  b0: scalar(1234.4),
  seconds: { assemble: 0, fit: 0 },
};
// A point 0.7 mm off voxel (1, 2, 1)'s centre (12, 24, 32): still nearest to it.
const point: [number, number, number] = [12.7, 23.4, 32.9];

describe('Probe text box: the probe readout’s value and voxel', () => {
  it('map value in its display unit, then the voxel index', () => {
    expect(probeTextLines(result, 'md', point)).toEqual(['MD 420 10⁻⁶ mm²/s', '@ 1,2,1']);
    expect(probeTextLines(result, 'ad', point)).toEqual(['AD 790 10⁻⁶ mm²/s', '@ 1,2,1']);
    expect(probeTextLines(result, 'fa', point)).toEqual(['FA 0.532', '@ 1,2,1']);
    expect(probeTextLines(result, 'colfa', point)).toEqual(['FA 0.532 RGB 12,200,34', '@ 1,2,1']);
    expect(probeTextLines(result, 'b0', point)).toEqual(['b0 1234', '@ 1,2,1']);
    // Neighbour (0, 2, 1) holds 0.
    expect(probeTextLines(result, 'md', [10.9, 24, 32])).toEqual(['MD 0 10⁻⁶ mm²/s', '@ 0,2,1']);
  });

  it('outside the grid: no text', () => {
    expect(probeTextLines(result, 'md', [5, 24, 32])).toBeNull();
  });

  it('getTextLines: the drawn map viewport’s map of the current fit; Cornerstone’s text elsewhere', () => {
    const fallback = () => ['(1, 2, 1)', '0.00042 mm²/s'];
    const data = { handles: { points: [point] } };
    useDtiStore.setState({ result });
    const slots = useViewportStore.getState().slots.map((s, i) =>
      i === 1 ? { ...s, seriesUID: 'series-24h', map: { ...DEFAULT_LAYER, map: 'md' as const, fused: true } } : i === 2 ? { ...s, seriesUID: 'series-24h', map: null } : s,
    );
    useViewportStore.setState({ slots });
    expect(drawingViewport('viewport-1-map', () => probeAnnotationTextLines(data, 'volumeId:b0', fallback))).toEqual(['MD 420 10⁻⁶ mm²/s', '@ 1,2,1']);
    // The raw series (stack or volume viewport) keeps Cornerstone's stored/rescaled value.
    expect(drawingViewport('viewport-2', () => probeAnnotationTextLines(data, 'imageId:x', fallback))).toEqual(fallback());
    expect(drawingViewport('viewport-2-volume', () => probeAnnotationTextLines(data, 'volumeId:x', fallback))).toEqual(fallback());
    // Outside a wrapped render the viewport is unknown.
    expect(probeAnnotationTextLines(data, 'volumeId:b0', fallback)).toEqual(fallback());
    // A map slot of another series than the fit's: Cornerstone's text, not the fit's numbers.
    useViewportStore.setState({ slots: slots.map((s, i) => (i === 1 ? { ...s, seriesUID: 'series-day14' } : s)) });
    expect(drawingViewport('viewport-1-map', () => probeAnnotationTextLines(data, 'volumeId:b0', fallback))).toEqual(fallback());
    useDtiStore.setState({ result: null });
  });
});
