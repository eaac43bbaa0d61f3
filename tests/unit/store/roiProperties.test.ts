import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../electron/store/sqliteStore';
import type { PlanarRoi } from '../../../src/core/measure/types';
import { canonicalJson } from '../../../src/core/store/canonicalJson';
import { ipcArgs, MAX_CONTOUR_POINTS } from '../../../src/shared/ipcContract';
import { dwiKey } from './fixtures';

const tmp = mkdtempSync(join(tmpdir(), 'dti-store-prop-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Any finite double but -0 (JSON has no negative zero: it is stored as 0, numerically the same coordinate). */
const coord = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
const vec3 = fc.tuple(coord, coord, coord);
const unitish = vec3.filter(([x, y, z]) => x * x + y * y + z * z > 1e-12 && Number.isFinite(x * x + y * y + z * z));
const roi: fc.Arbitrary<PlanarRoi> = fc.record(
  {
    id: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,40}$/),
    shape: fc.constantFrom('ellipse', 'circle', 'rectangle', 'freehand', 'brush'),
    role: fc.constantFrom('infarct-core', 'contralateral-mirror', 'perilesional', 'other'),
    name: fc.string({ maxLength: 200 }),
    plane: fc.record({ origin: vec3, normal: unitish }),
    contour: fc.array(vec3, { minLength: 3, maxLength: 200 }),
    ellipse: fc.record({ centre: vec3, axisA: vec3, axisB: vec3 }),
    mirrorOf: fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/),
  },
  { requiredKeys: ['id', 'shape', 'role', 'name', 'plane', 'contour'] },
);
const saveArgs = (r: PlanarRoi) => ({ key: dwiKey, roi: r, reader: 'Dr A' });

describe('ROI geometry properties', () => {
  it('every valid ROI passes the IPC schema unchanged and comes back from SQLite bit-identical', async () => {
    const store = await openSqliteStore(join(tmp, 'prop.sqlite'));
    await fc.assert(
      fc.asyncProperty(roi, async (r) => {
        const parsed = ipcArgs['store:saveRoi'].safeParse(saveArgs(r));
        expect(parsed.success).toBe(true);
        expect(parsed.data!.roi).toEqual(r);
        await store.saveRoi(dwiKey, r, 'Dr A');
        const back = (await store.listRois(dwiKey)).find((s) => s.roi.id === r.id)!.roi;
        expect(back).toEqual(r);
      }),
      { numRuns: 200, seed: 0x201a },
    );
    await store.close();
  });

  it('one non-finite coordinate anywhere in the geometry is refused', () => {
    fc.assert(
      fc.property(roi, fc.nat(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY), (r, at, bad) => {
        const contour = r.contour.map((p) => [...p] as [number, number, number]);
        contour[at % contour.length][at % 3] = bad;
        expect(ipcArgs['store:saveRoi'].safeParse(saveArgs({ ...r, contour })).success).toBe(false);
        expect(ipcArgs['store:saveRoi'].safeParse(saveArgs({ ...r, plane: { ...r.plane, origin: [bad, 0, 0] } })).success).toBe(false);
      }),
      { seed: 0x201b },
    );
  });

  it('the contour bound is exact: MAX_CONTOUR_POINTS accepted, one more refused', () => {
    const ring = (n: number) => Array.from({ length: n }, (_, i): [number, number, number] => [Math.cos(i), Math.sin(i), 0]);
    const base = { id: 'r', shape: 'freehand', role: 'other', name: 'x', plane: { origin: [0, 0, 0], normal: [0, 0, 1] } } as const;
    expect(ipcArgs['store:saveRoi'].safeParse(saveArgs({ ...base, contour: ring(MAX_CONTOUR_POINTS) } as PlanarRoi)).success).toBe(true);
    expect(ipcArgs['store:saveRoi'].safeParse(saveArgs({ ...base, contour: ring(MAX_CONTOUR_POINTS + 1) } as PlanarRoi)).success).toBe(false);
  });

  it('canonical JSON does not depend on key order and drops undefined members', () => {
    fc.assert(
      fc.property(roi, (r) => {
        const reversed = Object.fromEntries(Object.entries({ ...r, mirrorOf: undefined }).reverse());
        const withoutMirror = { ...r };
        delete withoutMirror.mirrorOf;
        expect(canonicalJson(reversed)).toBe(canonicalJson(withoutMirror));
      }),
      { seed: 0x201c },
    );
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});
