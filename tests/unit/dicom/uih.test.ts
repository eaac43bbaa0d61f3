import { describe, expect, it } from 'vitest';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import type { SeriesEntry } from '../../../src/core/dicom/types';
import type { Vec3 } from '../../../src/core/math/types';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { assembleVolume } from '../../../src/core/volume/assembleVolume';
import { el, memFile, mrElements, part10, type El } from './dicomBytes';

/**
 * A United Imaging style grid image: no top-level ImagePositionPatient, ImageType …\VFRAME, the tile
 * count, tile positions, b-value and image-frame gradient in the 'Image Private Header' block of
 * group 0065 — reserved here at block 0x11 behind another creator's block 0x10, whose (0065,1009)
 * and (0065,1037) hold decoys, so only a creator-keyed lookup reads the right values.
 */
const c30 = Math.cos(Math.PI / 6);
const s30 = Math.sin(Math.PI / 6);
const tilt = 10 * (Math.PI / 180);
// 30° in-plane rotation, then the plane tilted 10° about the row axis: row, column orthonormal, oblique normal.
const row: Vec3 = [c30, s30, 0];
const column: Vec3 = [-s30 * Math.cos(tilt), c30 * Math.cos(tilt), Math.sin(tilt)];
const normal: Vec3 = [row[1] * column[2] - row[2] * column[1], row[2] * column[0] - row[0] * column[2], row[0] * column[1] - row[1] * column[0]];
const origin: Vec3 = [-80, -60, 12];
const SPACING = 4.2;
/** 6 tiles of 3 columns × 2 rows: UIH lays them 3 across and 2 down (9 × 4 image), no blank row. */
const TILE_COLUMNS = 3;
const TILE_ROWS = 2;
const SLICES = 6;

function tilePosition(k: number, direction: 1 | -1): Vec3 {
  return origin.map((o, a) => o + direction * k * SPACING * normal[a]) as Vec3;
}

function uihFile(instance: number, b: number, gradientImage: Vec3, direction: 1 | -1): Uint8Array {
  const tiles: El[][] = Array.from({ length: SLICES }, (_, k) => [el(0x0020, 0x0032, 'DS', tilePosition(k, direction).map((v) => v.toFixed(6)).join('\\'))]);
  const extra: El[] = [
    el(0x0018, 0x0088, 'DS', String(SPACING)),
    el(0x0065, 0x0010, 'LO', 'SOME OTHER CREATOR'),
    el(0x0065, 0x0011, 'LO', 'Image Private Header'),
    el(0x0065, 0x1009, 'FD', { fd: [5000] }),
    el(0x0065, 0x1037, 'FD', { fd: [1, 0, 0] }),
    el(0x0065, 0x1050, 'DS', '99'),
    el(0x0065, 0x1109, 'FD', { fd: [b] }),
    el(0x0065, 0x1137, 'FD', { fd: gradientImage }),
    el(0x0065, 0x1150, 'DS', String(SLICES)),
    el(0x0065, 0x1151, 'SQ', { sq: tiles }),
  ];
  const elements = mrElements({
    instance,
    position: [0, 0, 0],
    orientation: [...row, ...column],
    rows: 2 * TILE_ROWS,
    columns: 3 * TILE_COLUMNS,
    pixelSpacing: [1.5, 2],
    manufacturer: 'UIH',
    imageType: 'ORIGINAL\\PRIMARY\\M\\VFRAME',
    extra,
  }).filter((e) => !(e.tag[0] === 0x0020 && e.tag[1] === 0x0032));
  return part10(elements);
}

async function uihSeries(direction: 1 | -1): Promise<SeriesEntry> {
  const files = [
    uihFile(1, 1.25, [0, 0, 0], direction),
    uihFile(2, 928.3, [0.6, 0, 0.8], direction),
    uihFile(3, 928.3, [0, -0.6, 0.8], direction),
  ].map((bytes, i) => memFile(`uih${i + 1}.dcm`, bytes));
  const index = await indexFiles(files);
  expect(index.skipped).toEqual([]);
  const series = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
  expect(series).toHaveLength(1);
  return series[0];
}

describe('United Imaging VFRAME grid series', () => {
  it('reads the grid, b-values and image-frame gradients through the creator-keyed block, on a rotated oblique plane', async () => {
    const series = await uihSeries(1);
    expect(series.kind).toBe('dwi');
    const first = series.frames[0];
    expect(first.mosaicSlices).toBe(6);
    expect(first.mosaicGrid).toEqual({ across: 3, down: 2 });
    expect(first.position!.map((v) => +v.toFixed(4))).toEqual(origin);
    expect(series.frames.map((f) => f.diffusion?.bValue)).toEqual([1.25, 928.3, 928.3]);
    expect(series.frames[0].diffusion?.gradientLPS).toBeNull();
    // Image frame → LPS: g = x·row + y·column + z·(row × column).
    const expected = (x: number, y: number, z: number): Vec3 => [0, 1, 2].map((a) => x * row[a] + y * column[a] + z * normal[a]) as Vec3;
    for (const [t, g] of [[1, expected(0.6, 0, 0.8)], [2, expected(0, -0.6, 0.8)]] as const) {
      series.frames[t].diffusion!.gradientLPS!.forEach((v, a) => expect(v).toBeCloseTo(g[a], 9));
      expect(series.frames[t].diffusion!.source).toBe('uih-private');
    }
  });

  it('plans tiles 3 across × 2 down with the affine of the tiles\' own positions, foot→head and head→foot', async () => {
    for (const direction of [1, -1] as const) {
      const plan = planSeries(await uihSeries(direction));
      expect(plan.dims).toEqual([TILE_COLUMNS, TILE_ROWS, SLICES, 3]);
      expect(plan.spacing).toEqual([2, 1.5, SPACING]);
      expect(plan.mosaicTilesReversed).toBe(direction === -1);
      // i along the row at 2 mm, j down the column at 1.5 mm, k along +normal; origin at the tile lowest along it.
      const lowest = direction === 1 ? tilePosition(0, 1) : tilePosition(SLICES - 1, -1);
      for (let a = 0; a < 3; a++) {
        expect(plan.affine[a * 4]).toBeCloseTo(row[a] * 2, 9);
        expect(plan.affine[a * 4 + 1]).toBeCloseTo(column[a] * 1.5, 9);
        expect(plan.affine[a * 4 + 2]).toBeCloseTo(normal[a] * SPACING, 5);
        expect(plan.affine[a * 4 + 3]).toBeCloseTo(lowest[a], 4);
      }
    }
  });

  it('assembles each tile into its slice', async () => {
    // Pixel value 10·tile + local index in a 9 × 4 grid image of 3 × 2 tiles.
    const pixels = new Uint16Array(9 * 4);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 9; x++) pixels[y * 9 + x] = 10 * (Math.floor(y / 2) * 3 + Math.floor(x / 3)) + (y % 2) * 3 + (x % 3);
    const bytes = uihFile(1, 1.25, [0, 0, 0], 1);
    bytes.set(new Uint8Array(pixels.buffer), bytes.length - pixels.byteLength);
    const file = memFile('uih.dcm', bytes);
    const index = await indexFiles([file]);
    const series = index.patients[0].studies[0].series[0];
    const volume = await assembleVolume(planSeries(series), new Map([[file.path, file]]), createFrameDecoder());
    for (let k = 0; k < SLICES; k++) for (let j = 0; j < TILE_ROWS; j++) for (let i = 0; i < TILE_COLUMNS; i++) {
      expect(volume.data[(k * TILE_ROWS + j) * TILE_COLUMNS + i]).toBe(10 * k + j * 3 + i);
    }
  });
});
