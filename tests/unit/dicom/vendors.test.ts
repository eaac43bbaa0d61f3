import { describe, expect, it } from 'vitest';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import type { DicomIndex, SeriesEntry } from '../../../src/core/dicom/types';
import { csa2, el, memFile, mrElements, part10, type El } from './dicomBytes';

function onlySeries(index: DicomIndex): SeriesEntry {
  const all = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
  expect(all).toHaveLength(1);
  return all[0];
}

/** 30° in-plane rotation about +S: row and column stay orthonormal, normal = +S. */
const c30 = Math.cos(Math.PI / 6);
const s30 = Math.sin(Math.PI / 6);
const rotated = [c30, s30, 0, -s30, c30, 0];

describe('GE private diffusion tags', () => {
  it('reads b from (0043,1039) (1e9 offset removed) and maps image-frame gradients to LPS, implicit VR', async () => {
    const extra = (b: string, g: [number, number, number]): El[] => [
      el(0x0043, 0x1039, 'IS', b),
      el(0x0019, 0x10bb, 'DS', String(g[0])),
      el(0x0019, 0x10bc, 'DS', String(g[1])),
      el(0x0019, 0x10bd, 'DS', String(g[2])),
      // Phase encoding along columns, as the real ge_01 series: the mapping below (see geGradientSign for the others).
      el(0x0018, 0x1312, 'CS', 'COL '),
    ];
    const files = [
      part10(mrElements({ instance: 1, position: [0, 0, 0], orientation: rotated, manufacturer: 'GE MEDICAL SYSTEMS', extra: extra('0\\8\\0\\0', [0, 0, 0]) }), { explicit: false }),
      part10(mrElements({ instance: 2, position: [0, 0, 0], orientation: rotated, manufacturer: 'GE MEDICAL SYSTEMS', extra: extra('1000001000\\8\\0\\0', [0.6, 0, 0.8]) }), { explicit: false }),
    ].map((b, i) => memFile(`ge${i}`, b));
    const series = onlySeries(await indexFiles(files));
    expect(series.frames.map((f) => f.diffusion?.bValue)).toEqual([0, 1000]);
    // g = −x·row − y·column + z·normal with row = (cos30, sin30, 0), normal = (0, 0, 1).
    const g = series.frames[1].diffusion!.gradientLPS!;
    expect(g[0]).toBeCloseTo(-0.6 * c30, 6);
    expect(g[1]).toBeCloseTo(-0.6 * s30, 6);
    expect(g[2]).toBeCloseTo(0.8, 6);
    expect(series.frames[1].diffusion!.source).toBe('ge-private');
  });
});

describe('Siemens private tags and CSA', () => {
  it('decodes untyped (0019,100C) IS and (0019,100E) FD×3 from an implicit-VR file', async () => {
    const extra = [el(0x0019, 0x100c, 'IS', '1000'), el(0x0019, 0x100e, 'FD', { fd: [0, 0.6, -0.8] })];
    const file = memFile('s', part10(mrElements({ instance: 1, position: [0, 0, 0], manufacturer: 'SIEMENS', extra }), { explicit: false }));
    const d = onlySeries(await indexFiles([file])).frames[0].diffusion!;
    expect(d).toMatchObject({ bValue: 1000, source: 'siemens-private' });
    expect(d.gradientLPS).toEqual([0, 0.6, -0.8]);
  });

  it('falls back to the image CSA header (CSA2) B_value and DiffusionGradientDirection', async () => {
    const csa = csa2({ B_value: ['700'], DiffusionGradientDirection: ['0.0', '1.0', '0.0'] });
    const file = memFile('s', part10(mrElements({ instance: 1, position: [0, 0, 0], manufacturer: 'SIEMENS', extra: [el(0x0029, 0x1010, 'OB', csa)] })));
    const d = onlySeries(await indexFiles([file])).frames[0].diffusion!;
    expect(d).toMatchObject({ bValue: 700, source: 'siemens-csa', gradientLPS: [0, 1, 0] });
  });

  it('takes the mosaic slice count from the series Phoenix protocol when the image CSA is stripped, and moves IPP to the first tile', async () => {
    const protocol = Uint8Array.from('### ASCCONV BEGIN ###\nsSliceArray.lSize                        = 4\n### ASCCONV END ###\0', (c) => c.charCodeAt(0));
    const extra = [el(0x0029, 0x1020, 'OB', protocol), el(0x0018, 0x0088, 'DS', '5'), el(0x0019, 0x100c, 'IS', '0')];
    const file = memFile('m', part10(mrElements({ instance: 1, position: [-100, -50, 10], rows: 8, columns: 8, manufacturer: 'SIEMENS', imageType: 'ORIGINAL\\PRIMARY\\M\\MOSAIC', extra })));
    const series = onlySeries(await indexFiles([file]));
    const frame = series.frames[0];
    expect(frame.mosaicSlices).toBe(4);
    // 8×8 mosaic of 2×2 tiles of 4×4: the first tile's corner is 2 voxels (2 mm each) along row and column.
    expect(frame.position).toEqual([-96, -46, 10]);
    const plan = planSeries(series);
    expect(plan.dims).toEqual([4, 4, 4, 1]);
    expect(plan.spacing).toEqual([2, 2, 5]);
    expect(plan.volumes[0].slices).toEqual([frame]);
  });

  /** A 4-tile mosaic (IPP moved to tile 0 at z = 10) whose protocol lists slices at z = `firstZ` … `firstZ` ± 15. */
  async function protocolMosaic(firstZ: number, lastZ: number, extra: El[] = []): Promise<SeriesEntry> {
    const slice = (i: number, z: number) => `sSliceArray.asSlice[${i}].sPosition.dSag = 1.5\nsSliceArray.asSlice[${i}].sPosition.dTra = ${z}\n`;
    const text = `### ASCCONV BEGIN ###\n${slice(0, firstZ)}${slice(3, lastZ)}sSliceArray.lSize = 4\nsSliceArray.ucImageNumbTra = 0x1\n### ASCCONV END ###\0`;
    const protocol = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const elements = [el(0x0029, 0x1020, 'OB', protocol), el(0x0018, 0x0088, 'DS', '5'), el(0x0019, 0x100c, 'IS', '0'), ...extra];
    const bytes = part10(mrElements({ instance: 1, position: [-100, -50, 10], rows: 8, columns: 8, manufacturer: 'SIEMENS', imageType: 'ORIGINAL\\PRIMARY\\M\\MOSAIC', extra: elements }));
    return onlySeries(await indexFiles([memFile('m', bytes)]));
  }

  it('head→foot mosaic (tile 0 at the protocol\'s last slice): tiles reversed, origin at the last tile, k still along +normal', async () => {
    const series = await protocolMosaic(-5, 10);
    expect(series.frames[0].mosaicTileDirection![2]).toBe(-1);
    const plan = planSeries(series);
    expect(plan.mosaicTilesReversed).toBe(true);
    // Tile 3 (protocol slice 0) at z = 10 − 3·5 = −5 becomes k = 0; k steps +5 mm along +S.
    expect([plan.affine[3], plan.affine[7], plan.affine[11]]).toEqual([-96, -46, -5]);
    expect([plan.affine[2], plan.affine[6], plan.affine[10]]).toEqual([0, 0, 5]);
  });

  it('foot→head mosaic (tile 0 at the protocol\'s first slice): tiles in order, origin at tile 0', async () => {
    const plan = planSeries(await protocolMosaic(10, 25));
    expect(plan.mosaicTilesReversed).toBe(false);
    expect([plan.affine[3], plan.affine[7], plan.affine[11]]).toEqual([-96, -46, 10]);
  });

  it('the image CSA SliceNormalVector wins over the protocol positions', async () => {
    const csa = csa2({ SliceNormalVector: ['0', '0', '-1'] });
    const plan = planSeries(await protocolMosaic(10, 25, [el(0x0029, 0x1010, 'OB', csa)]));
    expect(plan.mosaicTilesReversed).toBe(true);
    expect(plan.affine[11]).toBe(-5);
  });
});

describe('Philips private tags', () => {
  it('orders volumes by (2005,1596) despite scrambled instance numbers and marks the isotropic volume', async () => {
    const vol = (instance: number, volume: number, b: number, g: number[], dir = 'P'): Uint8Array =>
      part10(
        mrElements({
          instance,
          position: [0, 0, 0],
          manufacturer: 'Philips',
          extra: [
            el(0x2001, 0x1003, 'FL', { fl: [b] }),
            el(0x2001, 0x1004, 'CS', dir),
            el(0x2005, 0x10b0, 'FL', { fl: [g[0]] }),
            el(0x2005, 0x10b1, 'FL', { fl: [g[1]] }),
            el(0x2005, 0x10b2, 'FL', { fl: [g[2]] }),
            el(0x2005, 0x1596, 'IS', String(volume)),
          ],
        }),
      );
    const files = [vol(9, 2, 1000, [1, 0, 0]), vol(3, 1, 0.002, [0.57735, 0.57735, 0.57735]), vol(5, 3, 1000, [0, 0, 0], 'I')].map((b, i) =>
      memFile(`p${i}`, b),
    );
    const plan = planSeries(onlySeries(await indexFiles(files)));
    expect(plan.volumes.map((v) => v.bValue)).toEqual([0.002, 1000, 1000]);
    expect(plan.volumes.map((v) => v.isotropic)).toEqual([false, false, true]);
    expect(plan.volumes[1].gradientLPS).toEqual([1, 0, 0]);
  });

  it("keeps a b0 marked isotropic ('I', Diffusion Directionality ISOTROPIC) in the fit; only a weighted 'I' image is a trace", async () => {
    // Classic Achieva DTI writes 'I' on its b = 0 image; multiband DTI also writes ISOTROPIC there.
    const image = (instance: number, b: number, g: number[], code: string, directionality: string): Uint8Array =>
      part10(
        mrElements({
          instance,
          position: [0, 0, 0],
          manufacturer: 'Philips Medical Systems',
          extra: [
            el(0x0018, 0x9075, 'CS', directionality),
            el(0x0018, 0x9087, 'FD', { fd: [b] }),
            el(0x0018, 0x9089, 'FD', { fd: g }),
            el(0x2001, 0x1003, 'FL', { fl: [b] }),
            el(0x2001, 0x1004, 'CS', code),
            el(0x2005, 0x1596, 'IS', String(instance)),
          ],
        }),
      );
    const files = [
      image(1, 0, [0, 0, 0], 'I', 'ISOTROPIC'),
      ...[[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.7071, 0.7071, 0], [0.7071, 0, 0.7071], [0, 0.7071, 0.7071]].map((g, i) => image(i + 2, 1000, g, 'O', 'DIRECTIONAL')),
      image(8, 1000, [0, 0, 0], 'I', 'ISOTROPIC'),
    ].map((b, i) => memFile(`p${i}`, b));
    const series = onlySeries(await indexFiles(files));
    const plan = planSeries(series);
    expect(plan.volumes.map((v) => v.isotropic)).toEqual([false, false, false, false, false, false, false, true]);
    expect(series.kind).toBe('dwi');
    expect(series.directionCount).toBe(6);
    expect(series.diffusionProblem).toBeNull();
  });
});

describe('Canon/Toshiba b0 without diffusion tags', () => {
  it('treats an image without any diffusion attribute as b = 0 when the series has diffusion images', async () => {
    const dwi = [el(0x0018, 0x9087, 'FD', { fd: [1500] }), el(0x0018, 0x9089, 'FD', { fd: [0, 0, 1] })];
    const files = [
      memFile('a', part10(mrElements({ instance: 1, position: [0, 0, 0], manufacturer: 'TOSHIBA' }))),
      memFile('b', part10(mrElements({ instance: 2, position: [0, 0, 0], manufacturer: 'TOSHIBA', extra: dwi }))),
    ];
    const series = onlySeries(await indexFiles(files));
    expect(series.frames[0].diffusion).toEqual({ bValue: 0, gradientLPS: null, source: 'canon-absent-b0', isotropic: false });
    expect(series.bValues).toEqual([0, 1500]);
    expect(series.kind).toBe('dwi');
  });

  it('reports a diffusion series whose weighted images have no gradient', async () => {
    const files = [memFile('a', part10(mrElements({ instance: 1, position: [0, 0, 0], extra: [el(0x0018, 0x9087, 'FD', { fd: [1000] })] })))];
    expect(onlySeries(await indexFiles(files)).diffusionProblem).toMatch(/1 of 1 diffusion-weighted images have a b-value but no gradient/);
  });
});

describe('enhanced multi-frame', () => {
  it('builds one FrameInfo per frame from per-frame and shared functional groups', async () => {
    const frame = (z: number, b: number, g: number[]): El[] => [
      el(0x0020, 0x9113, 'SQ', { sq: [[el(0x0020, 0x0032, 'DS', `0\\0\\${z}`)]] }),
      el(0x0018, 0x9117, 'SQ', {
        sq: [[el(0x0018, 0x9087, 'FD', { fd: [b] }), el(0x0018, 0x9076, 'SQ', { sq: [[el(0x0018, 0x9089, 'FD', { fd: g })]] })]],
      }),
    ];
    const shared: El[] = [
      el(0x0020, 0x9116, 'SQ', { sq: [[el(0x0020, 0x0037, 'DS', '1\\0\\0\\0\\1\\0')]] }),
      el(0x0028, 0x9110, 'SQ', { sq: [[el(0x0028, 0x0030, 'DS', '1.5\\1.5'), el(0x0018, 0x0050, 'DS', '4')]] }),
    ];
    const base = mrElements({ instance: 1, position: [0, 0, 0] }).filter((e) => e.tag[0] !== 0x0020 || ![0x0032, 0x0037].includes(e.tag[1]));
    const elements = [
      ...base,
      el(0x5200, 0x9229, 'SQ', { sq: [shared] }),
      el(0x5200, 0x9230, 'SQ', { sq: [frame(0, 0, [0, 0, 0]), frame(4, 0, [0, 0, 0]), frame(0, 800, [0, 1, 0]), frame(4, 800, [0, 1, 0])] }),
    ];
    const series = onlySeries(await indexFiles([memFile('enh', part10(elements))]));
    expect(series.frames.map((f) => [f.frameIndex, f.position?.[2], f.diffusion?.bValue])).toEqual([
      [0, 0, 0],
      [1, 4, 0],
      [2, 0, 800],
      [3, 4, 800],
    ]);
    const plan = planSeries(series);
    expect(plan.dims).toEqual([4, 4, 2, 2]);
    expect(plan.spacing).toEqual([1.5, 1.5, 4]);
    expect(plan.volumes[1].gradientLPS).toEqual([0, 1, 0]);
  });
});
