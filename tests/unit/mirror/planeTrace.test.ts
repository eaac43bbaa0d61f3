import { describe, expect, it } from 'vitest';
import { sub } from '../../../src/core/math/vec3Arithmetic';
import { dot } from '../../../src/core/math/vec3Products';
import type { Vec3 } from '../../../src/core/math/types';
import type { Plane } from '../../../src/core/measure/types';
import { planeFromTrace, planeTrace } from '../../../src/core/mirror/planeTrace';

/** The mirror plane dragged by its trace on an axial slice (normal S = +z), LPS mm. */
const S: Vec3 = [0, 0, 1];
const axial = (z: number): Plane => ({ origin: [0, 0, z], normal: S });
const deg = Math.PI / 180;
const expectVec = (got: Vec3, want: Vec3, digits = 9) => got.forEach((v, a) => expect(v).toBeCloseTo(want[a], digits));

describe('plane trace on a slice', () => {
  it('the trace of x = 4 on the slice z = 10 runs along A–P through the point nearest the ROI centre', () => {
    const [from, to] = planeTrace({ origin: [4, 50, -30], normal: [1, 0, 0] }, axial(10), [25, 7, 10], 100)!;
    // Direction n × s = (1,0,0) × (0,0,1) = (0,−1,0); centred on (4, 7, 10).
    expectVec(from, [4, 107, 10]);
    expectVec(to, [4, -93, 10]);
  });

  it('no trace when the plane is parallel to the slice', () => {
    expect(planeTrace({ origin: [0, 0, 3], normal: S }, axial(10), [0, 0, 10], 100)).toBeNull();
  });
});

describe('plane from a dragged trace', () => {
  const midline: Plane = { origin: [0, 0, 0], normal: [1, 0, 0] };

  it('dragging the whole trace 3 mm to the left translates the plane: same normal, through x = 3', () => {
    const plane = planeFromTrace(midline, S, [3, -100, 12], [3, 100, 12]);
    expectVec(plane.normal, [1, 0, 0]);
    expect(dot(sub([3, 40, -7], plane.origin), plane.normal)).toBeCloseTo(0, 9);
    expect(dot(sub([0, 0, 0], plane.origin), plane.normal)).toBeCloseTo(-3, 9);
  });

  it('turning the trace by 10° about one end turns the normal 10° about S; both ends lie on the new plane', () => {
    const t = 10 * deg;
    // The old trace direction is n × s = (0, −1, 0); turned by +10° about S it is (sin t, −cos t, 0).
    const from: Vec3 = [0, 0, 5];
    const to: Vec3 = [100 * Math.sin(t), -100 * Math.cos(t), 5];
    const plane = planeFromTrace(midline, S, from, to);
    expectVec(plane.normal, [Math.cos(t), Math.sin(t), 0]);
    expect(dot(sub(from, plane.origin), plane.normal)).toBeCloseTo(0, 9);
    expect(dot(sub(to, plane.origin), plane.normal)).toBeCloseTo(0, 9);
    // A trace has no head or tail: the same segment given the other way round is the same plane.
    expectVec(planeFromTrace(midline, S, to, from).normal, plane.normal);
  });

  it('keeps the estimate’s roll (tilt out of the slice) through translations and turns', () => {
    const roll = 5 * deg;
    const tilted: Plane = { origin: [0, 0, 0], normal: [Math.cos(roll), 0, Math.sin(roll)] };
    const [from, to] = planeTrace(tilted, axial(20), [30, 0, 20], 100)!;
    // Redrawing the plane's own trace gives the plane back.
    const same = planeFromTrace(tilted, S, from, to);
    expectVec(same.normal, tilted.normal);
    expect(dot(sub(same.origin, tilted.origin), tilted.normal)).toBeCloseTo(0, 9);
    const turned = planeFromTrace(tilted, S, from, [to[0] + 30, to[1], to[2]]);
    expect(dot(turned.normal, S)).toBeCloseTo(Math.sin(roll), 9);
    expect(Math.hypot(...turned.normal)).toBeCloseTo(1, 12);
  });

  it('refuses a collapsed trace', () => {
    expect(() => planeFromTrace(midline, S, [1, 2, 3], [1, 2, 3])).toThrow('degenerate');
    expect(() => planeFromTrace(midline, S, [1, 2, 3], [1, 2, 40])).toThrow('degenerate');
  });
});
