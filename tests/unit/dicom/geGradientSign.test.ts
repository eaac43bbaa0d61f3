import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInspect } from '../../../src/cli/inspect';
import { writeGeDtiSeries } from '../../fixtures/geDtiSeries';

/**
 * GE gradient signs by In-plane Phase Encoding Direction (0018,1312), as dcm2niix (Debian's v1.0.20220720)
 * writes them for the written fixture: its .bvec rows below, b0 first. Without the phase
 * tags dcm2niix writes GE's stored image-frame vectors unchanged (x opposite to the COL case) in
 * every slice plane; with ROW it swaps the in-plane components first.
 */
const tmp = mkdtempSync(join(tmpdir(), 'ge-sign-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** FSL b-vectors (3 rows × volumes) that inspect (= convert) gives for a written fixture, to 3 decimals. */
async function bvecs(name: string, phase: 'COL' | 'ROW' | null, orientation?: number[]): Promise<number[][]> {
  const dir = join(tmp, name);
  writeGeDtiSeries(dir, phase, orientation);
  const report = JSON.parse(await runInspect(dir, { json: true }));
  expect(report.series).toHaveLength(1);
  return (report.series[0].bvecs as number[][]).map((row) => row.map((v) => Math.round(v * 1000) / 1000 + 0));
}

describe('GE gradient signs follow dcm2niix', () => {
  it('without (0018,1312), (0019,108F) and (0027,1035): the stored vectors, as dcm2niix writes them', async () => {
    expect(await bvecs('none', null)).toEqual([
      [0, 0.6, 0, 0.8],
      [0, 0.8, 0.6, 0],
      [0, 0, 0.8, -0.6],
    ]);
  });

  it('without them, the same in coronal and sagittal slices (dcm2niix leaves them untransformed in every plane)', async () => {
    const expected = [
      [0, 0.6, 0, 0.8],
      [0, 0.8, 0.6, 0],
      [0, 0, 0.8, -0.6],
    ];
    expect(await bvecs('none-coronal', null, [1, 0, 0, 0, 0, -1])).toEqual(expected);
    expect(await bvecs('none-sagittal', null, [0, 1, 0, 0, 0, -1])).toEqual(expected);
  });

  it('with COL (as the real ge_01 series): x reversed, as before', async () => {
    expect(await bvecs('col', 'COL')).toEqual([
      [0, -0.6, 0, -0.8],
      [0, 0.8, 0.6, 0],
      [0, 0, 0.8, -0.6],
    ]);
  });

  it('with ROW: the in-plane components swapped', async () => {
    expect(await bvecs('row', 'ROW')).toEqual([
      [0, -0.8, -0.6, 0],
      [0, -0.6, 0, -0.8],
      [0, 0, 0.8, -0.6],
    ]);
  });
});
