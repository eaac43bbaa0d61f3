import dicomParser from 'dicom-parser';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFolder } from '../../src/cli/nodeFileSource';
import { planSeries } from '../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../src/core/dicom/indexFiles';
import type { SeriesPlan } from '../../src/core/dicom/types';
import { hasSharedDicom, repoRoot, sharedDicomSkipMessage, sharedSeriesDir } from '../helpers/sharedData';
import { appSuite, canvasStats, distDir, type AppSession } from './harness';

const demoBuilt = existsSync(join(distDir, 'demo', 'manifest.json'));
if (!demoBuilt) console.warn(`${distDir}/demo/manifest.json missing (run \`npm run demo\` before the build): demo viewer tests skipped`);
if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);

const suite = appSuite();
let session: AppSession | null = null;

/** Plans of the demo's 24 h DTI and of philips_701, read here in Node independently of the app. */
let demoDti: SeriesPlan | null = null;
let demoCt: SeriesPlan | null = null;
let philips: SeriesPlan | null = null;

async function planOf(folder: string, kind: 'dwi' | 'ct' = 'dwi'): Promise<SeriesPlan> {
  const index = await indexFiles(await listFolder(folder));
  const series = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series)).find((s) => s.kind === kind);
  if (!series) throw new Error(`no ${kind} series in ${folder}`);
  return planSeries(series);
}

beforeAll(async () => {
  if (demoBuilt) {
    demoDti = await planOf(join(repoRoot, 'assets', 'demo', 'DEMO-001', '20240312_24h'));
    demoCt = await planOf(join(repoRoot, 'assets', 'demo', 'DEMO-001'), 'ct');
  }
  if (hasSharedDicom) philips = await planOf(join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom'));
});

/**
 * Slices an orthogonal reformat has along LPS axis `axis` (0 L, 1 P, 2 S): the volume's extent
 * along that axis (its corners projected through the affine) over the voxel spacing, plus one.
 */
function reformatSlices(plan: SeriesPlan, axis: number, spacing: number): number {
  const extent = [0, 1, 2].reduce((sum, c) => sum + Math.abs(plan.affine[axis * 4 + c]) * (plan.dims[c] - 1), 0);
  return extent / spacing + 1;
}

const pane = (s: AppSession, slot: number) => s.page.getByRole('region', { name: `Viewport ${slot + 1}` });

async function waitForStructure(s: AppSession, slot: number): Promise<void> {
  await pane(s, slot).getByLabel('Window level').waitFor({ timeout: 60_000 });
  let stats = await canvasStats(s.page, slot);
  for (let i = 0; i < 50 && stats.variance < 1; i++) {
    await s.page.waitForTimeout(200);
    stats = await canvasStats(s.page, slot);
  }
  expect(stats.variance).toBeGreaterThan(1);
}

async function numberIn(s: AppSession, slot: number, label: string, re: RegExp): Promise<number> {
  const text = await pane(s, slot).getByLabel(label, { exact: true }).innerText();
  const m = re.exec(text);
  if (!m) throw new Error(`${label} of viewport ${slot + 1}: unexpected "${text}"`);
  return Number(m[1]);
}
const locationOf = (s: AppSession, slot: number) => numberIn(s, slot, 'Slice location', /Loc (-?[\d.]+) mm/);
const sliceCountOf = (s: AppSession, slot: number) => numberIn(s, slot, 'Slice', /Im \d+\/(\d+)/);
/** The crosshair point a viewport shows, LPS mm. */
async function crosshairOf(s: AppSession, slot: number): Promise<[number, number, number]> {
  const text = await pane(s, slot).getByLabel('Crosshair', { exact: true }).innerText();
  const m = /^\+ (-?[\d.]+), (-?[\d.]+), (-?[\d.]+) mm LPS$/.exec(text.trim());
  if (!m) throw new Error(`unexpected crosshair text "${text}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * Bounding box (canvas pixels) of the pixels brighter than a quarter of the brightest one, and the
 * canvas size: the imaged head of the demo phantom on its dark background.
 */
async function brightExtent(s: AppSession, slot: number): Promise<{ minX: number; maxX: number; minY: number; maxY: number; width: number; height: number }> {
  return s.page.evaluate((k) => {
    const canvas = document.querySelector(`[data-testid="viewport-element-${k}"] canvas`) as HTMLCanvasElement;
    const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const grey = (i: number) => (data[4 * i] + data[4 * i + 1] + data[4 * i + 2]) / 3;
    let max = 0;
    for (let i = 0; i < width * height; i++) max = Math.max(max, grey(i));
    let minX = width;
    let maxX = -1;
    let minY = height;
    let maxY = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (grey(y * width + x) <= max / 4) continue;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
    return { minX, maxX, minY, maxY, width, height };
  }, slot);
}

/** True when the bright extent leaves a dark margin on all four sides: nothing of the head is clipped. */
const fitsInside = (e: Awaited<ReturnType<typeof brightExtent>>) => e.maxX >= 0 && e.minX > 0 && e.minY > 0 && e.maxX < e.width - 1 && e.maxY < e.height - 1;

/** Patient mm per CSS pixel read from the scale bar (its label in mm over its drawn width in pixels). */
async function mmPerPixelOf(s: AppSession, slot: number): Promise<number> {
  const bar = pane(s, slot).locator('.scalebar');
  const mm = Number(/Scale ([\d.]+) mm/.exec((await bar.getAttribute('aria-label')) ?? '')?.[1]);
  const px = (await bar.locator('.scalebar-line').boundingBox())!.width;
  return mm / px;
}

/** What a layout change must not alter: slice index and location, window, and the four orientation letters. */
async function sliceTexts(s: AppSession, slot: number): Promise<string[]> {
  const labels = ['Slice', 'Slice location', 'Window level', ...['Left', 'Right', 'Top', 'Bottom'].map((e) => `${e} edge orientation`)];
  return Promise.all(labels.map((l) => pane(s, slot).getByLabel(l, { exact: true }).innerText()));
}

/**
 * Switches the layout and checks that viewport `slot` refits: the head fits inside the pane with a
 * margin, the field of view `fovMm` (the volume's in-plane extent) spans at most the pane and at
 * least 80 % of its limiting side, and slice, window and orientation texts are those from before the switch.
 */
async function switchLayoutAndCheckFit(s: AppSession, layout: string, slot: number, fovMm: number): Promise<void> {
  const before = await sliceTexts(s, slot);
  await s.page.getByRole('button', { name: `Layout ${layout}` }).click();
  await expect.poll(async () => fitsInside(await brightExtent(s, slot)), { timeout: 10_000 }).toBe(true);
  const box = (await s.page.getByTestId(`viewport-element-${slot}`).boundingBox())!;
  await expect.poll(async () => fovMm / (await mmPerPixelOf(s, slot))).toBeLessThanOrEqual(box.width + 1);
  expect(fovMm / (await mmPerPixelOf(s, slot))).toBeGreaterThan(0.8 * Math.min(box.width, box.height));
  await expect(sliceTexts(s, slot)).resolves.toEqual(before);
}

async function edgesOf(s: AppSession, slot: number): Promise<string[]> {
  return Promise.all(['Left', 'Right', 'Top', 'Bottom'].map((e) => pane(s, slot).getByLabel(`${e} edge orientation`).innerText()));
}

async function openDemo(s: AppSession): Promise<void> {
  await s.page.getByRole('button', { name: 'Open demo' }).click();
  await s.page.getByRole('treeitem', { name: /^Series 5 DTI/ }).first().waitFor({ timeout: 60_000 });
  await waitForStructure(s, 0);
}

describe.skipIf(!demoBuilt)('viewer on the demo study', () => {
  it('drags series into the second pane, reformats the raw DWI coronally, and the crosshair moves the axial pane to the clicked point', async () => {
    session = await suite.open();
    const { page } = session;
    await openDemo(session);
    await session.screenshot('20-viewer-1x1');
    await page.getByRole('button', { name: 'Layout 1×2' }).click();

    // Drag the day-14 CT row onto the empty second pane: it loads there, the first pane keeps the DTI.
    await page.getByRole('treeitem', { name: /^Series 2 NCCT HEAD/ }).dragTo(pane(session, 1));
    await expect.poll(() => pane(session!, 1).innerText()).toContain('Se 2 NCCT HEAD 4mm');
    await expect(pane(session, 1).innerText()).resolves.toContain('CT · CT');
    await waitForStructure(session, 1);
    await expect(pane(session, 0).innerText()).resolves.toContain('Se 5 DTI 30dir b1000');
    // The dropped pane is the active one: 'c' reformats the CT coronally, opened in the brain window (W 80 / L 40 HU).
    await page.keyboard.press('c');
    const [cx, cy, cz] = demoCt!.dims;
    await pane(session, 1).getByLabel('Reformat').filter({ hasText: `Coronal reformat · ${cx}×${cy}×${cz}` }).waitFor({ timeout: 60_000 });
    await waitForStructure(session, 1);
    await expect.poll(() => pane(session!, 1).getByLabel('Window level').innerText()).toBe('W 80 L 40');
    await expect.poll(() => edgesOf(session!, 1)).toEqual(['R', 'L', 'S', 'I']);
    await expect.poll(() => sliceCountOf(session!, 1)).toBe(Math.round(reformatSlices(demoCt!, 1, demoCt!.spacing[1])));
    await session.screenshot('20b-viewer-ct-coronal-reformat');

    // Replace it with the 24 h DTI by drag, then reformat that raw DWI (b0 volume) coronally.
    await page.getByRole('treeitem', { name: /^Series 5 DTI/ }).first().dragTo(pane(session, 1));
    await expect.poll(() => pane(session!, 1).innerText()).toContain('Se 5 DTI 30dir b1000');
    await waitForStructure(session, 1);
    await page.keyboard.press('c');
    const [nx, ny, nz] = demoDti!.dims;
    await pane(session, 1).getByLabel('Reformat').filter({ hasText: `Coronal reformat · ${nx}×${ny}×${nz}` }).waitFor({ timeout: 60_000 });
    await waitForStructure(session, 1);
    // Axial acquisition, LPS affine diag(2, 2, 2): coronal slices step along P (ny of them); R|L across, S over I.
    await expect.poll(() => edgesOf(session!, 1)).toEqual(['R', 'L', 'S', 'I']);
    await expect.poll(() => sliceCountOf(session!, 1)).toBe(ny);
    await expect(pane(session, 1).innerText()).resolves.toContain('Vol 1/32 · b=0');
    await session.screenshot('21-viewer-dwi-coronal-reformat');

    // Crosshair: click in the coronal pane; the axial stack of the same frame jumps to the slice holding the point.
    await page.keyboard.press('h');
    await expect(page.getByRole('button', { name: 'Crosshair' }).getAttribute('aria-pressed')).resolves.toBe('true');
    const box = (await page.getByTestId('viewport-element-1').boundingBox())!;
    const sliceSpacing = demoDti!.spacing[2];
    const seen: number[] = [];
    for (const dy of [-25, 25]) {
      await page.mouse.click(box.x + box.width / 2 + 15, box.y + box.height / 2 + dy);
      await pane(session, 1).getByLabel('Crosshair', { exact: true }).waitFor();
      const point = await crosshairOf(session, 1);
      await expect.poll(async () => Math.abs((await locationOf(session!, 0)) - point[2])).toBeLessThanOrEqual(sliceSpacing / 2 + 0.05);
      // The axial pane draws the cross at the same point (same frame of reference: no shift).
      await expect.poll(() => crosshairOf(session!, 0)).toEqual(point);
      seen.push(point[2]);
    }
    // 50 px lower on screen is inferior: S decreases.
    expect(seen[1]).toBeLessThan(seen[0] - 5);
    await session.screenshot('22-viewer-crosshair');
    // 1×2 → 2×2: both panes refit, the crosshair point and each slice stay.
    const crossBefore = await crosshairOf(session, 1);
    const slicesBefore = [await sliceTexts(session, 0), await sliceTexts(session, 1)];
    await page.getByRole('button', { name: 'Layout 2×2' }).click();
    for (const slot of [0, 1]) await expect.poll(async () => fitsInside(await brightExtent(session!, slot)), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => crosshairOf(session!, 0)).toEqual(crossBefore);
    await expect(crosshairOf(session, 1)).resolves.toEqual(crossBefore);
    await expect(Promise.all([sliceTexts(session, 0), sliceTexts(session, 1)])).resolves.toEqual(slicesBefore);
    await session.screenshot('22b-viewer-crosshair-2x2');
    // The coronal pane itself stays on its slice: clicking in it never changes its own plane.
    await page.keyboard.press('h');
    await expect(pane(session, 0).getByLabel('Crosshair', { exact: true }).count()).resolves.toBe(0);
    session.assertNoProblems();
  });

  it('a layout change fits each image to its new pane and keeps its slice: stack, coronal reformat', async () => {
    session = await suite.open();
    const { page } = session;
    await openDemo(session);
    // Off the middle slice, so a refit that recentred the volume would show.
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => pane(session!, 0).getByLabel('Slice', { exact: true }).innerText()).toBe(`Im 19/${demoDti!.dims[2]}`);
    // Axial 96×96 at 2 mm: 192 mm across, clipped left and right in the narrow 1×2 pane before the fix.
    const axialFov = demoDti!.dims[0] * demoDti!.spacing[0];
    await switchLayoutAndCheckFit(session, '1×2', 0, axialFov);
    await session.screenshot('28-viewer-layout-1x2-fit');
    await switchLayoutAndCheckFit(session, '2×2', 0, axialFov);
    // Coronal reformat of the b0 in the small 2×2 pane, five slices posterior of its middle, then the tall 1×2 pane.
    await page.keyboard.press('c');
    await pane(session, 0).getByLabel('Reformat').filter({ hasText: 'Coronal reformat' }).waitFor({ timeout: 60_000 });
    await waitForStructure(session, 0);
    const middle = await numberIn(session, 0, 'Slice', /Im (\d+)\//);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
    // Settled on the fifth step before the switch (texts read mid-scroll would mix two renders).
    await expect.poll(() => numberIn(session!, 0, 'Slice', /Im (\d+)\//)).toBe(middle + 5);
    await switchLayoutAndCheckFit(session, '1×2', 0, axialFov);
    await switchLayoutAndCheckFit(session, '1×1', 0, axialFov);
    await session.screenshot('29-viewer-layout-reformat-fit');
    session.assertNoProblems();
  });

  it('lists a patient\'s studies oldest first with their timepoints, whatever order the folder gives', async () => {
    session = await suite.open();
    const { page } = session;
    await page.getByLabel('Folder input').setInputFiles(join(repoRoot, 'assets', 'demo', 'DEMO-001'));
    const studies = page.getByRole('treeitem', { name: /^Study / });
    await expect.poll(() => studies.count(), { timeout: 60_000 }).toBe(2);
    // The demo's studies are dated 2024-03-12 and 2024-03-25: 13 calendar days apart, in the day-14 window; labelled as the export labels them.
    await expect(studies.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')))).resolves.toEqual([
      'Study MRI BRAIN STROKE 24H',
      'Study MRI+CT BRAIN STROKE DAY 14',
    ]);
    await expect(page.locator('.study-row .timepoint').allInnerTexts()).resolves.toEqual(['24 h', 'day 14']);
    session.assertNoProblems();
  });

  it('lists every tool key in the help overlay; 2×2 with maps dragged from the DTI panel; blinded', async () => {
    session = await suite.open();
    const { page } = session;
    await openDemo(session);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    const keys = await help.locator('kbd').allInnerTexts();
    for (const k of ['w', 'e', 'o', 'q', 'f', 'm', 'd', 'x', 'g', ',', '.', 't', 'h', 'a', 'c', 's', 'n', 'Ctrl+Z']) expect(keys).toContain(k);
    const text = await help.innerText();
    for (const label of ['Ellipse', 'Circle', 'Rectangle', 'Freehand', 'Length', 'Bidirectional', 'Probe', 'Brush', 'Crosshair', 'tag inspector']) expect(text).toContain(label);
    await session.screenshot('23-viewer-help');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Compute DTI' }).click();
    await pane(session, 0).getByLabel('Map shown').filter({ hasText: 'FA · axial' }).waitFor({ timeout: 120_000 });
    await waitForStructure(session, 0);
    // The map volume refits to the narrow 1×2 pane on its slice, two above the middle.
    const mapMiddle = await numberIn(session, 0, 'Slice', /Im (\d+)\//);
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowUp');
    await expect.poll(() => numberIn(session!, 0, 'Slice', /Im (\d+)\//)).toBe(mapMiddle - 2);
    await switchLayoutAndCheckFit(session, '1×2', 0, demoDti!.dims[0] * demoDti!.spacing[0]);
    await page.getByRole('button', { name: 'Layout 2×2' }).click();
    for (const [slot, map, shown] of [[1, 'MD', 'MD · axial'], [2, 'Colour FA', 'Colour FA · axial'], [3, 'RD', 'RD · axial']] as const) {
      await page.getByRole('group', { name: 'Show map' }).getByRole('button', { name: map, exact: true }).dragTo(pane(session, slot));
      await pane(session, slot).getByLabel('Map shown').filter({ hasText: shown }).waitFor();
      await waitForStructure(session, slot);
    }
    // A dropped map goes only to its pane: the first still shows FA.
    await expect(pane(session, 0).getByLabel('Map shown').innerText()).resolves.toBe('FA · axial');
    await session.screenshot('24-viewer-2x2-maps');
    await page.keyboard.press('b');
    await expect.poll(() => pane(session!, 0).locator('[data-phi="patient-name"]').innerText()).toBe('BLINDED');
    await session.screenshot('25-viewer-2x2-blinded');
    session.assertNoProblems();
  });
});

describe.skipIf(!hasSharedDicom)('reformats of a real DWI series (philips_701_DTI_Biobank_cl)', () => {
  it('shows the b0 volume coronally and sagittally with the planned dimensions and orientation markers', async () => {
    session = await suite.open();
    const { page } = session;
    await page.getByLabel('Folder input').setInputFiles(join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom'));
    await page.getByRole('treeitem', { name: /^Series .*DTI/ }).first().waitFor({ timeout: 120_000 });
    await waitForStructure(session, 0);
    const [nx, ny, nz, nt] = philips!.dims;
    // The stack opens on the DICOM Window Center/Width (0028,1050/1051) of its middle b0 slice, read here from the file.
    const folder = join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom');
    const middle = philips!.volumes[0].slices[Math.floor(philips!.volumes[0].slices.length / 2)].file;
    const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(isAbsolute(middle) ? middle : join(folder, middle))));
    const stackWindow = await pane(session, 0).getByLabel('Window level').innerText();
    // DICOM's linear VOI function maps C − 0.5 ± (W − 1)/2 to the display range, so the overlay reads W − 1 and C − 0.5.
    const [wc, ww] = [Number(ds.string('x00281050')), Number(ds.string('x00281051'))];
    expect(stackWindow).toBe(`W ${Math.round(ww - 1)} L ${Math.round(wc - 0.5)}`);
    await page.getByRole('button', { name: 'Coronal reformat' }).click();
    await pane(session, 0).getByLabel('Reformat').filter({ hasText: `Coronal reformat · ${nx}×${ny}×${nz}` }).waitFor({ timeout: 60_000 });
    await waitForStructure(session, 0);
    // The reformat of the same b0 opens like the stack: the series' own window, in the stack's units.
    await expect.poll(() => pane(session!, 0).getByLabel('Window level').innerText()).toBe(stackWindow);
    await expect.poll(() => edgesOf(session!, 0)).toEqual(['R', 'L', 'S', 'I']);
    // Oblique (≈ 3.5° about two axes): the coronal slices cover the volume's whole A–P extent (≈ 120 at 2 mm, not ny = 112).
    const coronalSlices = await sliceCountOf(session, 0);
    expect(Math.abs(coronalSlices - reformatSlices(philips!, 1, philips!.spacing[1]))).toBeLessThanOrEqual(1.5);
    expect(coronalSlices).toBeGreaterThan(ny);
    await expect(pane(session, 0).innerText()).resolves.toContain(`Vol 1/${nt} · b=0`);
    await session.screenshot('26-philips-dwi-coronal');
    // Stepping the b-volume keeps the reformat and rebuilds only that volume.
    await page.keyboard.press(']');
    await expect.poll(() => pane(session!, 0).innerText(), { timeout: 60_000 }).toMatch(new RegExp(`Vol 2/${nt} · b=1000`));
    await waitForStructure(session, 0);
    await page.keyboard.press('s');
    await pane(session, 0).getByLabel('Reformat').filter({ hasText: 'Sagittal reformat' }).waitFor();
    await expect.poll(() => edgesOf(session!, 0)).toEqual(['A', 'P', 'S', 'I']);
    await expect.poll(async () => Math.abs((await sliceCountOf(session!, 0)) - reformatSlices(philips!, 0, philips!.spacing[0]))).toBeLessThanOrEqual(1.5);
    await session.screenshot('27-philips-dwi-sagittal');
    // Back to the acquired stack.
    await page.keyboard.press('n');
    await pane(session, 0).getByLabel('Reformat').waitFor({ state: 'detached' });
    await expect.poll(() => sliceCountOf(session!, 0)).toBe(nz);
    session.assertNoProblems();
  });
});
