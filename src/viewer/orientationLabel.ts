import type { Vec3 } from '../core/math/types';

/**
 * The radiological letters for a direction in patient LPS space (+x = Left, +y = Posterior,
 * +z = Superior), strongest axis first, e.g. (0.9, -0.3, 0) → "LA". Axes contributing less
 * than `minComponent` of the unit vector are left out, so a 7° oblique slice still reads "L".
 */
export function orientationLabel(direction: Vec3, minComponent = 0.25): string {
  const letters: [number, string][] = [
    [direction[0], direction[0] >= 0 ? 'L' : 'R'],
    [direction[1], direction[1] >= 0 ? 'P' : 'A'],
    [direction[2], direction[2] >= 0 ? 'S' : 'I'],
  ];
  return letters
    .filter(([c]) => Math.abs(c) >= minComponent)
    .sort((a, b) => Math.abs(b[0]) - Math.abs(a[0]))
    .map(([, l]) => l)
    .join('');
}
