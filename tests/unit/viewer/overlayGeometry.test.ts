import { describe, expect, it } from 'vitest';
import { orientationLabel } from '../../../src/viewer/orientationLabel';
import { scaleBar } from '../../../src/viewer/scaleBar';
import { kindBadge, formatPersonName } from '../../../src/ui/seriesLabels';
import type { SeriesEntry } from '../../../src/core/dicom/types';

describe('orientationLabel (patient LPS)', () => {
  it('names the pure axes radiologically', () => {
    expect(orientationLabel([1, 0, 0])).toBe('L');
    expect(orientationLabel([-1, 0, 0])).toBe('R');
    expect(orientationLabel([0, -1, 0])).toBe('A');
    expect(orientationLabel([0, 0, -1])).toBe('I');
  });
  it('orders oblique components by strength and drops small ones', () => {
    const deg = (a: number) => (a * Math.PI) / 180;
    // GE ge_01 rows are rotated ~43° in-plane: row ≈ (cos, sin) mixes L and P.
    expect(orientationLabel([Math.cos(deg(43)), Math.sin(deg(43)), 0])).toBe('LP');
    expect(orientationLabel([Math.cos(deg(7)), -Math.sin(deg(7)), 0])).toBe('L');
  });
});

describe('scaleBar', () => {
  it('picks the longest nice length that fits', () => {
    // 0.5 mm per pixel, 120 px available → 50 mm is 100 px; 100 mm would be 200 px.
    expect(scaleBar(0.5, 120)).toEqual({ mm: 50, pixels: 100 });
    // 3 mm per pixel, 100 px → up to 300 mm: 200 mm (66.7 px).
    expect(scaleBar(3, 100)).toEqual({ mm: 200, pixels: 200 / 3 });
    // 0.01 mm per pixel (extreme zoom): even 1 mm needs 100 px > 50.
    expect(scaleBar(0.01, 50)).toBeNull();
    expect(scaleBar(0, 100)).toBeNull();
  });
});

describe('series labels', () => {
  const dwi = (bValues: number[], directionCount: number) =>
    ({ kind: 'dwi', bValues, directionCount, modality: 'MR' }) as unknown as SeriesEntry;
  it('badges diffusion series with b-values and direction count', () => {
    expect(kindBadge(dwi([0, 1000], 6))).toBe('DTI b0/1000 ×6');
    // Philips near-zero b0 values collapse to a single b0.
    expect(kindBadge(dwi([0, 0.001, 0.002, 1000], 12))).toBe('DTI b0/1000 ×12');
    expect(kindBadge(dwi([0, 1300], 3))).toBe('DWI b0/1300 ×3');
    expect(kindBadge({ kind: 'flair', modality: 'MR' } as SeriesEntry)).toBe('FLAIR');
  });
  it('formats DICOM person names', () => {
    expect(formatPersonName('Doe^Jane^Q')).toBe('Doe, Jane Q');
    expect(formatPersonName('')).toBe('(no name)');
  });
});
