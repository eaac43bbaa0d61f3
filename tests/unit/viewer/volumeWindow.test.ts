import { describe, expect, it } from 'vitest';
import { volumeWindow } from '../../../src/viewer/volumeWindow';

/** 1000 tissue voxels of signal 1001..2000 (scrambled order), `hot` vessels at 50 000, 5000 zeros of background. */
function head(hot: number): Float32Array {
  const values = new Float32Array(6000 + hot);
  for (let v = 0; v < 1000; v++) values[(v * 7919) % 1000] = v + 1001;
  values.fill(50_000, 1000, 1000 + hot);
  return values;
}

describe('volumeWindow', () => {
  it('gives CT the brain window (W 80 / L 40 HU) whatever the values or DICOM window', () => {
    expect(volumeWindow(Float32Array.from([-1000, 0, 40, 1500]), 'CT')).toEqual([0, 80]);
    expect(volumeWindow(Float32Array.from([-1000, 0, 40, 1500]), 'CT', { center: 300, width: 1500 })).toEqual([0, 80]);
  });

  it("uses the series' own Window Center/Width when present, spanning C − 0.5 ± (W − 1)/2 as DICOM's linear VOI does", () => {
    // philips_701 middle b0 slice: WC 1070, WW 1860.
    expect(volumeWindow(head(3), 'MR', { center: 1070, width: 1860 })).toEqual([140, 1999]);
  });

  it('ignores a DICOM window without a usable width and falls back to the tissue percentiles', () => {
    expect(volumeWindow(head(3), 'MR', { center: 1432, width: 0 })).toEqual(volumeWindow(head(3), 'MR'));
    expect(volumeWindow(head(3), 'MR', { center: Number.NaN, width: 10 })).toEqual(volumeWindow(head(3), 'MR'));
  });

  it('spans the 1st–99th percentile of the tissue, not set by background zeros or a few hot voxels', () => {
    // 1003 voxels above the threshold (0.1 × the 98th percentile 1983): sorted index
    // floor(1003 × 0.01) = 10 holds 1011, floor(1003 × 0.99) = 992 holds 1993.
    expect(volumeWindow(head(3), 'MR')).toEqual([1011, 1993]);
    // Hot voxels up to just under 1 % of the tissue (9 of 1009): index 10 → 1011, 998 → 1999.
    expect(volumeWindow(head(9), 'MR')).toEqual([1011, 1999]);
  });

  it('leaves dim background noise out of the low end', () => {
    // 2000 noise voxels at 5 under the same tissue: the 98th percentile of the 3000 positive voxels
    // (index 2940, tissue rank 940) is 1941, so the threshold 194 keeps the 1000 tissue voxels only:
    // index 10 → 1011, index 990 → 1991 (with the noise counted the low end would be 5).
    const values = head(0);
    values.fill(5, 1000, 3000);
    expect(volumeWindow(values, 'MR')).toEqual([1011, 1991]);
  });

  it('falls back to [0, 1] for an empty or all-zero volume', () => {
    expect(volumeWindow(new Float32Array(10), 'MR')).toEqual([0, 1]);
  });
});
