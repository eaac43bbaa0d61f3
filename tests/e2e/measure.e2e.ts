import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appSuite, distDir, type AppSession } from './harness';
import { drag, gotoLocation, pagePoint, settledAB, textBox } from './measureHelpers';

/**
 * Measurement on the demo study (24 h DTI): ellipse over the designed infarct on the MD map,
 * mirror, MD ratio vs the designed 0.6; Bidirectional + marked slices → ABC/2 vs ground truth.
 */
const demoBuilt = existsSync(join(distDir, 'demo', 'ground-truth.json'));
if (!demoBuilt) console.warn(`${distDir}/demo missing (npm run demo, then vite build): measurement e2e skipped`);

const demoFolder = join(distDir, 'demo', 'DEMO-001');

type Vec3 = [number, number, number];
interface Truth {
  studies: {
    label: string;
    series: {
      modality: string;
      infarct?: { centreLPS: Vec3; radiiMm: Vec3; mdRatio: number; abc2Ml: number; voxelCount: number };
      infarctHypodense?: { centreLPS: Vec3; radiiMm: Vec3; abc2Ml: number };
      spacingMm?: Vec3;
      affineVoxelToLps?: number[];
    }[];
  }[];
}

const suite = appSuite();
let session: AppSession | null = null;

const viewport1 = (page: Page) => page.getByRole('region', { name: 'Viewport 1' });

/** Red minus the mean of green and blue of viewport 1's canvas at a page point (0 on a grey map). */
async function redness(page: Page, at: { x: number; y: number }): Promise<number> {
  const box = (await page.getByTestId('viewport-element-0').boundingBox())!;
  return page.evaluate(
    ([x, y]) => {
      const canvas = document.querySelector('[data-testid="viewport-element-0"] canvas') as HTMLCanvasElement;
      const scale = canvas.width / canvas.clientWidth;
      const [r, g, b] = canvas.getContext('2d')!.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data;
      return r - (g + b) / 2;
    },
    [at.x - box.x, at.y - box.y],
  );
}

const hookState = (page: Page) =>
  page.evaluate(() => {
    const s = (window as unknown as { __dtiMeasure: { state(): { rois: { roi: { id: string; mirrorOf?: string; ellipse?: { centre: number[] } } }[]; measurements: { id: string; payload: { kind: string; short?: number[][]; long?: number[][] } }[] } } }).__dtiMeasure.state();
    return { rois: s.rois.map((r) => r.roi), measurements: s.measurements };
  });

/** An ROI block's MD mean and SD cells and its area, as the ROI table shows them. */
async function roiTableMd(page: Page, name: string): Promise<{ mean: string; sd: string; area: string }> {
  const block = page.getByRole('region', { name: `ROI ${name}`, exact: true });
  const cells = block.getByLabel('MD statistics').locator('td');
  const area = /· ([\d.]+ mm²)/.exec(await block.getByLabel('ROI area').innerText())![1];
  return { mean: (await cells.nth(0).innerText()).trim(), sd: (await cells.nth(1).innerText()).trim(), area };
}

describe.skipIf(!demoBuilt)('Measurement on the demo study in Chromium', () => {
  it('ellipse on MD over the infarct, mirror → rMD ≈ designed 0.6; Bidirectional + slices → ABC/2 ≈ ground truth', async () => {
    const truth = JSON.parse(readFileSync(join(distDir, 'demo', 'ground-truth.json'), 'utf8')) as Truth;
    const dti = truth.studies.find((s) => s.label === '24h')!.series.find((s) => s.modality === 'MR')!;
    const infarct = dti.infarct!;
    const spacing = dti.spacingMm![2];
    const [cx, cy, cz] = infarct.centreLPS;
    const [rx, ry, rz] = infarct.radiiMm;

    session = await suite.open();
    const { page } = session;
    // Through the folder input: "Open demo" fetches every file at once (ERR_INSUFFICIENT_RESOURCES in Chromium).
    await page.getByLabel('Folder input').setInputFiles(demoFolder);
    const series = page.getByRole('treeitem', { name: 'Study MRI BRAIN STROKE 24H' }).getByRole('treeitem', { name: /^Series .*DTI/ });
    await series.first().click({ timeout: 60_000 });
    await page.getByLabel('Reader').fill('e2e-reader');
    await page.getByRole('button', { name: 'Compute DTI' }).click();
    await viewport1(page).getByLabel('Map shown').filter({ hasText: 'FA · axial' }).waitFor({ timeout: 240_000 });
    await page.getByRole('button', { name: 'MD', exact: true }).click();
    await viewport1(page).getByLabel('Map shown').filter({ hasText: 'MD · axial' }).waitFor();

    // The slice through the infarct centre (slice centres are 2 mm apart, the centre lies between two).
    // Keys go to the viewer, not to the Reader field typed in above.
    await page.getByLabel('Reader').blur();
    const loc = await gotoLocation(page, cz, spacing);

    // Ellipse from the centre, semi-axes 2/3 of the infarct's (6 × 8 mm): inside the lesion on this slice.
    await page.keyboard.press('e');
    await expect.poll(() => page.getByRole('button', { name: 'Ellipse' }).getAttribute('aria-pressed')).toBe('true');
    await drag(page, await pagePoint(page, [cx, cy, loc]), await pagePoint(page, [cx + (2 * rx) / 3, cy + (2 * ry) / 3, loc]));
    const core = page.getByRole('region', { name: 'ROI Infarct core 24 h', exact: true });
    await core.getByLabel('MD statistics').waitFor();
    const mdCore = Number((await core.getByLabel('MD statistics').locator('td').first().innerText()).trim());
    // Designed: infarct MD = 0.6 × white-matter MD (700 × 10⁻⁶ mm²/s) = 420.
    expect(mdCore).toBeGreaterThan(380);
    expect(mdCore).toBeLessThan(460);
    // The on-image text box prints the table's numbers (not Cornerstone's own stats): name · role, MD mean ± SD, area.
    const coreId = (await hookState(page)).rois.find((r) => !r.mirrorOf)!.id;
    const coreMd = await roiTableMd(page, 'Infarct core 24 h');
    expect(coreMd.mean).toBe(String(mdCore));
    await expect.poll(() => textBox(page, coreId)).toEqual(['Infarct core 24 h · Infarct core', `MD ${coreMd.mean} ± ${coreMd.sd} 10⁻⁶ mm²/s`, `Area ${coreMd.area}`]);
    await session.screenshot('40-measure-ellipse-md');

    // Undo removes the drawn ROI (row and stored record), redo brings it back with the same label.
    await page.keyboard.press('Control+z');
    await expect.poll(() => core.count()).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => core.count()).toBe(1);
    expect(Number((await core.getByLabel('MD statistics').locator('td').first().innerText()).trim())).toBe(mdCore);

    await core.getByRole('button', { name: 'Mirror' }).click();
    const ratio = page.getByLabel('Ratio rMD');
    await ratio.waitFor({ timeout: 60_000 });
    const rMD = Number(/rMD (\d+\.\d+)/.exec(await ratio.innerText())?.[1]);
    // Tolerance 0.05: ~38 voxels per ROI at b0 SNR 30 give a mean-MD standard error near 1.5 %
    // per side (ratio ~2 %); 0.05 is over 3 standard errors and well below the day-14 design (0.85).
    expect(Math.abs(rMD - infarct.mdRatio)).toBeLessThanOrEqual(0.05);
    const { rois } = await hookState(page);
    const mirror = rois.find((r) => r.mirrorOf)!;
    // Mirror of x = 30 across the mid-sagittal plane x = 0 (estimated): x ≈ −30 within 2 mm.
    expect(Math.abs(mirror.ellipse!.centre[0] + cx)).toBeLessThan(2);
    expect(Math.abs(mirror.ellipse!.centre[1] - cy)).toBeLessThan(1);
    const mirrorMd = await roiTableMd(page, 'Infarct core 24 h (mirror)');
    await expect
      .poll(() => textBox(page, mirror.id))
      .toEqual(['Infarct core 24 h (mirror) · Contralateral mirror', `MD ${mirrorMd.mean} ± ${mirrorMd.sd} 10⁻⁶ mm²/s`, `Area ${mirrorMd.area}`]);
    await session.screenshot('41-measure-mirror');

    // A freehand square (10 mm side) in healthy tissue anterior to the mirror: its text box too is the table's; then deleted.
    await page.keyboard.press('f');
    await expect.poll(() => page.getByRole('button', { name: 'Freehand' }).getAttribute('aria-pressed')).toBe('true');
    const square: Vec3[] = [[-cx - 5, cy - 25, loc], [-cx + 5, cy - 25, loc], [-cx + 5, cy - 15, loc], [-cx - 5, cy - 15, loc], [-cx - 5, cy - 25, loc]];
    const corners = [];
    for (const p of square) corners.push(await pagePoint(page, p));
    await page.mouse.move(corners[0].x, corners[0].y);
    await page.mouse.down();
    for (let c = 1; c < corners.length; c++)
      for (let s = 1; s <= 6; s++) await page.mouse.move(corners[c - 1].x + ((corners[c].x - corners[c - 1].x) * s) / 6, corners[c - 1].y + ((corners[c].y - corners[c - 1].y) * s) / 6);
    await page.mouse.up();
    const freehand = page.getByRole('region', { name: 'ROI ROI 3 24 h', exact: true });
    await freehand.getByLabel('MD statistics').waitFor();
    const freehandId = (await hookState(page)).rois.find((r) => r.id !== coreId && !r.mirrorOf)!.id;
    const freehandMd = await roiTableMd(page, 'ROI 3 24 h');
    // 25 voxel centres of 2 mm fit in a 10 mm square: 100 mm² give or take an edge row.
    expect(Number(/[\d.]+/.exec(freehandMd.area)![0])).toBeGreaterThanOrEqual(64);
    expect(Number(/[\d.]+/.exec(freehandMd.area)![0])).toBeLessThanOrEqual(144);
    await expect.poll(() => textBox(page, freehandId)).toEqual(['ROI 3 24 h · Other', `MD ${freehandMd.mean} ± ${freehandMd.sd} 10⁻⁶ mm²/s`, `Area ${freehandMd.area}`]);
    await session.screenshot('41a-measure-freehand');
    await freehand.getByRole('button', { name: 'Delete ROI' }).click();
    await expect.poll(() => freehand.count()).toBe(0);

    // Drag the dashed plane trace 3 mm towards +x with the mouse (grabbed between its end handles):
    // the plane moves 3 mm along its normal and the mirror ROI, its reflection, 6 mm.
    const planeState = () =>
      page.evaluate(() => {
        const s = (window as unknown as { __dtiMeasure: { mirror(): { plane: { origin: number[]; normal: number[] } | null; planeOffsetMm: number } } }).__dtiMeasure.mirror();
        return { plane: s.plane!, offset: s.planeOffsetMm };
      });
    const { plane, offset } = await planeState();
    const mirrorX = mirror.ellipse!.centre[0];
    // The point of the trace level with the ROI, 20 mm anterior (away from both ROIs' outlines).
    const probe: Vec3 = [0, cy - 20, loc];
    // The trace is grabbed with W/L on the left button (a drawing tool draws over annotations).
    await page.keyboard.press('w');
    probe[0] = plane.origin[0] - ((probe[1] - plane.origin[1]) * plane.normal[1] + (probe[2] - plane.origin[2]) * plane.normal[2]) / plane.normal[0];
    await drag(page, await pagePoint(page, probe), await pagePoint(page, [probe[0] + 3, probe[1], probe[2]]));
    await expect.poll(async () => (await planeState()).offset - offset).toBeGreaterThan(2.5);
    const dragged = (await planeState()).offset - offset;
    expect(dragged).toBeLessThan(3.5);
    await expect
      .poll(async () => (await hookState(page)).rois.find((r) => r.mirrorOf)!.ellipse!.centre[0] - mirrorX)
      .toBeCloseTo(2 * dragged * plane.normal[0] * plane.normal[0], 1);
    await expect(page.getByLabel('Mirror plane').innerText()).resolves.toMatch(/offset \d+\.\d mm, tilt \d+\.\d°/);
    await session.screenshot('41b-measure-plane-dragged');

    // A Bidirectional started right on the ROI outline (its L end handle) is drawn, not a drag of
    // the ellipse: a reader measures over the lesion they outlined. Undone afterwards.
    await page.keyboard.press('d');
    const ipsiBefore = (await hookState(page)).rois.find((r) => !r.mirrorOf)!.ellipse!.centre;
    const outline: Vec3 = [cx + (2 * rx) / 3, cy, loc];
    await drag(page, await pagePoint(page, outline), await pagePoint(page, [outline[0], outline[1] + 6, loc]));
    await expect.poll(async () => (await hookState(page)).measurements.filter((m) => m.payload.kind === 'bidirectional').length).toBe(1);
    expect((await hookState(page)).rois.find((r) => !r.mirrorOf)!.ellipse!.centre).toEqual(ipsiBefore);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await hookState(page)).measurements.filter((m) => m.payload.kind === 'bidirectional').length).toBe(0);

    // Bidirectional: long axis 2·ry along P, then its short axis ends dragged to ± rx along L.
    await drag(page, await pagePoint(page, [cx, cy - ry, loc]), await pagePoint(page, [cx, cy + ry, loc]));
    await expect.poll(async () => (await hookState(page)).measurements.some((m) => m.payload.kind === 'bidirectional')).toBe(true);
    const bi = (await hookState(page)).measurements.find((m) => m.payload.kind === 'bidirectional')!;
    const short = bi.payload.short as Vec3[];
    for (const end of short) {
      const side = Math.sign(end[0] - cx);
      await drag(page, await pagePoint(page, end), await pagePoint(page, [cx + side * rx, cy, loc]));
    }
    await page.keyboard.press('w');
    const { a, b } = await settledAB(page, bi.id);
    expect(Math.abs(a - 2 * ry)).toBeLessThanOrEqual(1);
    expect(Math.abs(b - 2 * rx)).toBeLessThanOrEqual(1);
    // Its text box on the image prints the same A and B as the ABC/2 panel.
    await expect.poll(() => textBox(page, bi.id)).toEqual([`A ${a.toFixed(1)} mm`, `B ${b.toFixed(1)} mm`]);

    // First and last slices whose centres lie inside the ellipsoid (|z − cz| < rz).
    await gotoLocation(page, Math.ceil((cz - rz - loc) / spacing + 1e-9) * spacing + loc, spacing);
    await page.getByRole('button', { name: 'First slice here' }).click();
    await gotoLocation(page, Math.floor((cz + rz - loc) / spacing - 1e-9) * spacing + loc, spacing);
    await page.getByRole('button', { name: 'Last slice here' }).click();
    const c = Number(/C ([\d.]+) mm/.exec(await page.getByLabel('ABC/2 C').innerText())?.[1]);
    const slices = Math.floor((cz + rz - loc) / spacing - 1e-9) - Math.ceil((cz - rz - loc) / spacing + 1e-9) + 1;
    expect(c).toBeCloseTo(slices * spacing, 1);
    const volume = Number(/ABC\/2 ([\d.]+) mL/.exec(await page.getByLabel('ABC/2 volume').innerText())?.[1]);
    expect(volume, `A ${a} B ${b} C ${c} shown now: ${await page.getByLabel('ABC/2 A').innerText()}`).toBeCloseTo((a * b * c) / 2000, 1);
    // Ground truth ABC/2 uses the true extent C = 2·rz = 14 mm; counted slices give a multiple of the
    // 2 mm spacing (here 12 mm), one slice short at most: 2/14 of 3.02 mL = 0.43 mL, plus ±1 mm on A
    // and B (≈ 5 % each). 0.7 mL covers both.
    expect(Math.abs(volume - infarct.abc2Ml)).toBeLessThanOrEqual(0.7);
    const planimetric = await page.getByLabel('Planimetric volume').innerText();
    expect(planimetric).toContain('(threshold)');
    const plan = Number(/Planimetric \(threshold\) ([\d.]+) mL/.exec(planimetric)?.[1]);
    // The designed lesion has voxelCount voxels of 8 mm³; the MD threshold segmentation finds them within 15 %.
    expect(Math.abs(plan - (infarct.voxelCount * 8) / 1000)).toBeLessThanOrEqual(0.15 * (infarct.voxelCount * 8) / 1000);
    await session.screenshot('42-measure-abc2');

    // Brush (5 mm radius) painted once at the infarct centre: a lesion labelmap on the map grid,
    // every voxel inside the designed infarct, so its MD mean is the infarct's (420 × 10⁻⁶ mm²/s).
    await gotoLocation(page, cz, spacing);
    await page.keyboard.press('g');
    await expect.poll(() => page.getByRole('button', { name: 'Brush' }).getAttribute('aria-pressed')).toBe('true');
    const centre = await pagePoint(page, [cx, cy, loc]);
    await page.mouse.click(centre.x, centre.y);
    const brush = page.getByRole('region', { name: 'Brush lesion' });
    await brush.waitFor({ timeout: 10_000 });
    const mdBrush = Number((await brush.getByLabel('MD statistics').locator('td').first().innerText()).trim());
    expect(Math.abs(mdBrush - 0.6 * 700)).toBeLessThanOrEqual(40);
    // A 5 mm disc on 2 mm voxels holds about π·25/4 ≈ 20 voxel centres.
    const brushVoxels = Number(/(\d+) voxels/.exec(await brush.innerText())?.[1]);
    expect(brushVoxels).toBeGreaterThan(12);
    expect(brushVoxels).toBeLessThan(30);
    await expect(page.getByLabel('Planimetric volume').innerText()).resolves.toContain('(brush)');
    await page.keyboard.press('w');
    // Stored once painting pauses (debounced): reload only after the panel says so.
    await expect.poll(() => brush.getByLabel('Brush lesion saved').innerText()).toMatch(/^Saved /);
    await session.screenshot('45-measure-brush');

    // Probe on the MD map at the voxel centre (cx + 1, cy + 1) mm of this slice, inside the infarct:
    // its on-image text is the probe readout's (map, value in 10⁻⁶ mm²/s, voxel), not Cornerstone's mm²/s.
    const affine = dti.affineVoxelToLps!;
    const probeAt: Vec3 = [cx + 1, cy + 1, loc];
    const voxel = [0, 1, 2].map((r) => Math.round((probeAt[r] - affine[4 * r + 3]) / affine[5 * r]));
    await page.keyboard.press('x');
    await expect.poll(() => page.getByRole('button', { name: 'Probe' }).getAttribute('aria-pressed')).toBe('true');
    const probePoint = await pagePoint(page, probeAt);
    await page.mouse.move(probePoint.x, probePoint.y);
    await page.mouse.click(probePoint.x, probePoint.y);
    let probeId = '';
    await expect.poll(async () => (probeId = (await hookState(page)).measurements.find((m) => m.payload.kind === 'probe')?.id ?? '')).not.toBe('');
    const readout = await viewport1(page).getByLabel('Probe', { exact: true }).innerText();
    expect(readout).toBe(`${/^MD \d+ 10⁻⁶ mm²\/s/.exec(readout)?.[0]} @ ${voxel.join(',')}`);
    expect(Math.abs(Number(/^MD (\d+)/.exec(readout)![1]) - 0.6 * 700)).toBeLessThanOrEqual(60);
    await expect.poll(async () => (await textBox(page, probeId)).join(' ')).toBe(readout);
    await session.screenshot('45a-measure-probe');
    await page.keyboard.press('w');

    // Reopen: the stored ROIs come back as rows (and annotations) from the browser store.
    await page.reload();
    await page.getByLabel('Folder input').setInputFiles(demoFolder);
    // The ROI table and ABC/2 panel show the series on screen: the 24 h DTI.
    await page.getByRole('treeitem', { name: 'Study MRI BRAIN STROKE 24H' }).getByRole('treeitem', { name: /^Series .*DTI/ }).first().click({ timeout: 60_000 });
    await page.getByRole('region', { name: 'ROI Infarct core 24 h', exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole('region', { name: 'ROI Infarct core 24 h (mirror)' }).waitFor();
    await expect(page.getByLabel('ABC/2 volume').innerText()).resolves.toContain(volume.toFixed(2));
    // The brush lesion was stored too: computing the maps again puts the same voxels back.
    await page.getByRole('treeitem', { name: 'Study MRI BRAIN STROKE 24H' }).getByRole('treeitem', { name: /^Series .*DTI/ }).first().click();
    await page.getByRole('button', { name: 'Compute DTI' }).click();
    const restoredBrush = page.getByRole('region', { name: 'Brush lesion' });
    await restoredBrush.waitFor({ timeout: 240_000 });
    expect(Number(/(\d+) voxels/.exec(await restoredBrush.innerText())?.[1])).toBe(brushVoxels);
    expect(Number((await restoredBrush.getByLabel('MD statistics').locator('td').first().innerText()).trim())).toBe(mdBrush);
    // Its overlay is drawn with the maps at once (Brush not picked): red over the lesion, grey beside it.
    await viewport1(page).getByLabel('Map shown').filter({ hasText: 'FA · axial' }).waitFor();
    await page.getByTestId('viewport-element-0').hover();
    await gotoLocation(page, cz, spacing);
    await expect.poll(async () => redness(page, await pagePoint(page, [cx, cy, loc]))).toBeGreaterThan(40);
    expect(await redness(page, await pagePoint(page, [-cx, cy, loc]))).toBeLessThan(5);
    await session.screenshot('43-measure-restored');
    session.assertNoProblems();
  });
  it('ABC/2 on the day-14 CT (stack viewport): Bidirectional + marked 4 mm slices', async () => {
    const truth = JSON.parse(readFileSync(join(distDir, 'demo', 'ground-truth.json'), 'utf8')) as Truth;
    const ct = truth.studies.find((s) => s.label === 'day14')!.series.find((s) => s.modality === 'CT')!;
    const lesion = ct.infarctHypodense!;
    const spacing = ct.affineVoxelToLps![10];
    const [cx, cy, cz] = lesion.centreLPS;
    const [rx, ry, rz] = lesion.radiiMm;
    const at = (p: Vec3) => pagePoint(page, p, 'viewport-0');

    session = await suite.open();
    const { page } = session;
    await page.getByLabel('Folder input').setInputFiles(demoFolder);
    await page.getByRole('treeitem', { name: 'Study MRI+CT BRAIN STROKE DAY 14' }).getByRole('treeitem', { name: /^Series .*NCCT/ }).click({ timeout: 60_000 });
    await viewport1(page).getByLabel('Slice location').waitFor();
    const loc = await gotoLocation(page, cz, spacing);

    await page.keyboard.press('d');
    await drag(page, await at([cx, cy - ry, loc]), await at([cx, cy + ry, loc]));
    await expect.poll(async () => (await hookState(page)).measurements.some((m) => m.payload.kind === 'bidirectional')).toBe(true);
    const bi = (await hookState(page)).measurements.find((m) => m.payload.kind === 'bidirectional')!;
    for (const end of bi.payload.short as Vec3[]) await drag(page, await at(end), await at([cx + Math.sign(end[0] - cx) * rx, cy, loc]));
    await page.keyboard.press('w');
    const { a, b } = await settledAB(page, bi.id);
    await expect.poll(() => textBox(page, bi.id)).toEqual([`A ${a.toFixed(1)} mm`, `B ${b.toFixed(1)} mm`]);
    await session.screenshot('44a-measure-bidirectional-ct');
    // CT pixels are 0.9 mm: the drawn axes land within one pixel of the designed 2·ry and 2·rx.
    expect(Math.abs(a - 2 * ry)).toBeLessThanOrEqual(1);
    expect(Math.abs(b - 2 * rx)).toBeLessThanOrEqual(1);

    const first = Math.ceil((cz - rz - loc) / spacing + 1e-9);
    const last = Math.floor((cz + rz - loc) / spacing - 1e-9);
    await gotoLocation(page, loc + first * spacing, spacing);
    await page.getByRole('button', { name: 'First slice here' }).click();
    await gotoLocation(page, loc + last * spacing, spacing);
    await page.getByRole('button', { name: 'Last slice here' }).click();
    const c = Number(/C ([\d.]+) mm/.exec(await page.getByLabel('ABC/2 C').innerText())?.[1]);
    expect(c).toBeCloseTo((last - first + 1) * spacing, 1);
    const volume = Number(/ABC\/2 ([\d.]+) mL/.exec(await page.getByLabel('ABC/2 volume').innerText())?.[1]);
    expect(volume).toBeCloseTo((a * b * c) / 2000, 1);
    // 4 mm slices quantise C to a multiple of 4 mm against the true 2·rz: at most one slice off
    // (spacing / 2rz of the volume), plus ±1 mm on A and B (≈ 10 % together).
    expect(Math.abs(volume - lesion.abc2Ml)).toBeLessThanOrEqual(lesion.abc2Ml * (spacing / (2 * rz) + 0.1));
    // No diffusion maps on CT: no threshold segmentation, so no planimetric volume or Kothari C.
    await expect(page.getByLabel('Planimetric volume').count()).resolves.toBe(0);
    await session.screenshot('44-measure-abc2-ct');
    session.assertNoProblems();
  });
});
