import { describe, expect, it } from 'vitest';
import { nearestPlane } from '../../../src/core/dicom/geometry/nearestPlane';

describe('nearestPlane', () => {
  it('names the plane whose patient axis the image normal leans on most', () => {
    expect(nearestPlane([1, 0, 0, 0, 1, 0])).toBe('axial');
    expect(nearestPlane([1, 0, 0, 0, 0, -1])).toBe('coronal');
    expect(nearestPlane([0, 1, 0, 0, 0, -1])).toBe('sagittal');
    // The uMR 770 series: 1.7° oblique axial.
    expect(nearestPlane([0.999113, 0.0305822, 0.0289414, -0.0305694, 0.999532, -0.000885508])).toBe('axial');
    // 40° tilt from axial towards coronal stays axial; 50° becomes coronal.
    const tilted = (deg: number) => [1, 0, 0, 0, Math.cos((deg * Math.PI) / 180), -Math.sin((deg * Math.PI) / 180)];
    expect(nearestPlane(tilted(40))).toBe('axial');
    expect(nearestPlane(tilted(50))).toBe('coronal');
  });
});
