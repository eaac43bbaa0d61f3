import { describe, expect, it } from 'vitest';
import { annotation as csAnnotation, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { MeasurementKey, ScalarVolume } from '../../../src/core/measure/types';
import { ellipseRoi } from '../../../src/core/roi/ellipseRoi';
import { roiStats } from '../../../src/core/roi/roiStats';
import { useRoiStore, type RoiRow } from '../../../src/state/roiStore';
import { DEFAULT_LAYER, useViewportStore } from '../../../src/state/viewportStore';
import { bidirectionalTextLines, drawingViewport, roiAnnotationTextLines, roiTextLines } from '../../../src/viewer/tools/roiTextLines';

/**
 * The on-image text boxes print the app's ROI statistics (voxel centre inside the contour), not
 * Cornerstone's. Grid: 20 × 20 × 1 voxels of 2 mm, voxel (i, j) centred at (2i, 2j, 0) mm.
 * FA = 0.4 + 0.01·(i − 10), MD = (420 + 10·(j − 10)) × 10⁻⁶ mm²/s. The ellipse centred at
 * (20, 20) with semi-axes 5 mm (x) and 3 mm (y) holds 11 voxel centres: 5 on row j = 10 and 3 on
 * each of rows 9 and 11; area 11 × 4 = 44 mm² (Cornerstone's π·5·3 = 47.1 mm² would disagree).
 * FA mean 0.4, sample SD √(14·10⁻⁴ / 10) = 0.0118; MD mean 420, SD √(6·100 / 10) = 7.75.
 */
// The annotation state tells an element from a frame of reference by `instanceof HTMLDivElement`: Node has none.
(globalThis as { HTMLDivElement?: unknown }).HTMLDivElement ??= class {};

const dims: [number, number, number] = [20, 20, 1];
const affine = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
function volume(value: (i: number, j: number) => number): ScalarVolume {
  const data = new Float32Array(400);
  for (let j = 0; j < 20; j++) for (let i = 0; i < 20; i++) data[j * 20 + i] = value(i, j);
  return { dims, affine, data };
}
const volumes = { fa: volume((i) => 0.4 + 0.01 * (i - 10)), md: volume((_, j) => (420 + 10 * (j - 10)) * 1e-6) };
const key: MeasurementKey = { studyInstanceUID: '1.2', seriesInstanceUID: 'series-24h', frameOfReferenceUID: 'for-1' };
const roi = ellipseRoi({ id: 'roi-1', name: 'Infarct core', role: 'infarct-core' }, [20, 20, 0], [5, 0, 0], [0, 3, 0]);
const row: RoiRow = { roi, key, stats: roiStats(roi, volumes), measured: null };

describe('ROI text boxes: the ROI table’s numbers', () => {
  it('name · role, mean ± SD of the shown map in its display unit, area by the voxel-centre rule', () => {
    expect(row.stats[0].n).toBe(11);
    expect(roiTextLines(row, { seriesUID: 'series-24h', map: 'fa' })).toEqual(['Infarct core · Infarct core', 'FA 0.400 ± 0.012', 'Area 44.0 mm²']);
    expect(roiTextLines(row, { seriesUID: 'series-24h', map: 'md' })).toEqual(['Infarct core · Infarct core', 'MD 420 ± 8 10⁻⁶ mm²/s', 'Area 44.0 mm²']);
  });

  it('no mean on a viewport of another series, a raw series or an unmeasured map', () => {
    const nameAndArea = ['Infarct core · Infarct core', 'Area 44.0 mm²'];
    expect(roiTextLines(row, { seriesUID: 'series-day14', map: 'md' })).toEqual(nameAndArea);
    expect(roiTextLines(row, { seriesUID: 'series-24h', map: null })).toEqual(nameAndArea);
    expect(roiTextLines(row, { seriesUID: 'series-24h', map: 'l1' })).toEqual(nameAndArea);
    const mirror: RoiRow = { ...row, roi: { ...roi, name: 'Infarct core (mirror)', role: 'contralateral-mirror' } };
    expect(roiTextLines(mirror, { seriesUID: null, map: null })[0]).toBe('Infarct core (mirror) · Contralateral mirror');
  });

  it('getTextLines finds the row by the annotation and the map by the viewport being drawn', () => {
    const annotation = {
      annotationUID: 'roi-1',
      metadata: { toolName: 'EllipticalROI', FrameOfReferenceUID: 'for-1' },
      data: { handles: { points: [] }, label: 'Infarct core', cachedStats: {} },
    } as unknown as ToolTypes.Annotation;
    csAnnotation.state.addAnnotation(annotation, 'for-1');
    useRoiStore.getState().set({ rois: [row] });
    const slots = useViewportStore.getState().slots.map((s, i) => (i === 1 ? { ...s, seriesUID: 'series-24h', map: { ...DEFAULT_LAYER, map: 'md' as const } } : s));
    useViewportStore.setState({ slots });
    expect(drawingViewport('viewport-1-map', () => roiAnnotationTextLines(annotation.data))[1]).toBe('MD 420 ± 8 10⁻⁶ mm²/s');
    // Outside a wrapped render the viewport is unknown: name and area only.
    expect(roiAnnotationTextLines(annotation.data)).toEqual(['Infarct core · Infarct core', 'Area 44.0 mm²']);
    // An annotation still being drawn has no row yet: no text box.
    expect(roiAnnotationTextLines({ handles: { points: [] } })).toEqual([]);
    csAnnotation.state.removeAnnotation('roi-1');
  });

  it('Bidirectional: A and B as the ABC/2 panel prints them, the longer axis as A', () => {
    const points: [number, number, number][] = [[0, 0, 0], [24.1, 0, 0], [12, -6.6, 0], [12, 6.6, 0]];
    expect(bidirectionalTextLines({ handles: { points } })).toEqual(['A 24.1 mm', 'B 13.2 mm']);
    // The short axis dragged past the long one: A is still the longer.
    const swapped: [number, number, number][] = [[0, 0, 0], [0, 10, 0], [-15, 5, 0], [15, 5, 0]];
    expect(bidirectionalTextLines({ handles: { points: swapped }, label: 'Lesion' })).toEqual(['Lesion', 'A 30.0 mm', 'B 10.0 mm']);
  });
});
