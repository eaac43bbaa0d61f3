import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CTP_TISSUES } from '../fixtures/syntheticCtpStudy';
import { appSuite, distDir, type AppSession } from './harness';
import { drag, gotoLocation, sliceLocation, type PagePoint, type Vec3 } from './measureHelpers';

/**
 * The 2×2 perfusion map grid in Chromium on the demo's day-14 CTP: compute, one button shows CBF,
 * CBV, Tmax, PS with their colourbars and units on the reader's slice; scrolling one pane scrolls
 * all four; the mouse in one is read in the others; an ROI drawn in one is in all and measured on
 * every map; a pane's map, colour map, fusion and window are its own; the button puts back 1×1.
 */
const demoBuilt = existsSync(join(distDir, 'demo', 'ground-truth.json'));
if (!demoBuilt) console.warn(`${distDir}/demo missing (npm run demo, then vite build): perfusion grid e2e skipped`);
const demoFolder = join(distDir, 'demo', 'DEMO-001');

interface Truth {
  studies: {
    label: string;
    series: { kind?: string; affineVoxelToLps?: number[]; perfusion?: { mapScale: { value: number } }; infarct?: { centreLPS: Vec3; radiiMm: Vec3 } }[];
  }[];
}

const suite = appSuite();
let session: AppSession | null = null;

const pane = (page: Page, slot: number) => page.getByRole('region', { name: `Viewport ${slot + 1}`, exact: true });
const mapShown = (page: Page, slot: number) => pane(page, slot).getByLabel('Map shown').innerText();
const allLocations = (page: Page) => Promise.all([0, 1, 2, 3].map((s) => sliceLocation(page, s)));

/** Page point of an LPS point (mm) in pane `slot`'s map viewport. */
async function pointIn(page: Page, slot: number, p: Vec3): Promise<PagePoint> {
  const canvas = await page.evaluate(
    ([point, id]) => (window as unknown as { __dtiMeasure: { worldToCanvas(id: string, p: number[]): [number, number] | null } }).__dtiMeasure.worldToCanvas(id, point),
    [p, `viewport-${slot}-map`] as [Vec3, string],
  );
  if (!canvas) throw new Error(`viewport-${slot}-map not found`);
  const box = (await page.getByTestId(`viewport-element-${slot}`).boundingBox())!;
  return { x: box.x + canvas[0], y: box.y + canvas[1] };
}

/** Share of a pane's canvas pixels with colour (channels differing by more than 12): 0 for a greyscale map. */
function colourShare(page: Page, slot: number): Promise<number> {
  return page.evaluate((s) => {
    const canvas = document.querySelector(`[data-testid="viewport-element-${s}"] canvas`) as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 12) coloured++;
    return coloured / (data.length / 4);
  }, slot);
}

/** A pane's canvas pixels (RGBA bytes). */
function canvasPixels(page: Page, slot: number): Promise<number[]> {
  return page.evaluate((s) => {
    const canvas = document.querySelector(`[data-testid="viewport-element-${s}"] canvas`) as HTMLCanvasElement;
    return Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data);
  }, slot);
}

/** α of `fused` = (1 − α)·base + α·overlay, least squares over the RGB channels: the opacity a fused map is drawn with. */
function blendFraction(base: number[], overlay: number[], fused: number[]): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < fused.length; k++) {
    if (k % 4 === 3) continue;
    num += (fused[k] - base[k]) * (overlay[k] - base[k]);
    den += (overlay[k] - base[k]) ** 2;
  }
  return num / den;
}

/** Number of annotations drawn in pane `slot`'s SVG layer. */
const annotationsIn = (page: Page, slot: number) => page.locator(`[data-testid="viewport-element-${slot}"] svg g[data-annotation-uid]`).count();

describe.skipIf(!demoBuilt)('Perfusion maps 2×2 on the demo study in Chromium', () => {
  it('shows CBF, CBV, Tmax, PS linked with colourbars, measures an ROI on every map, keeps each pane its own, and goes back to 1×1', async () => {
    const truth = JSON.parse(readFileSync(join(distDir, 'demo', 'ground-truth.json'), 'utf8')) as Truth;
    const day14 = truth.studies.find((s) => s.label === 'day14')!;
    const ctp = day14.series.find((s) => s.kind === 'ctp')!;
    const infarct = day14.series.find((s) => s.infarct)!.infarct!;
    const sliceMm = ctp.affineVoxelToLps![10];
    const scale = ctp.perfusion!.mapScale.value;

    session = await suite.open();
    const { page } = session;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel('Folder input').setInputFiles(demoFolder);
    await page.getByRole('treeitem', { name: 'Study MRI+CT BRAIN STROKE DAY 14' }).getByRole('treeitem', { name: /^Series .*PERFUSION/ }).click({ timeout: 60_000 });
    await page.getByLabel('Reader').fill('e2e-reader');
    await page.getByLabel('Reader').blur();
    await pane(page, 0).getByLabel('Slice location').waitFor();
    const grid = page.getByRole('button', { name: 'Maps 2×2', exact: true });
    await page.getByRole('button', { name: 'Compute perfusion' }).click();
    await pane(page, 0).getByLabel('Map shown').filter({ hasText: 'CBF · axial' }).waitFor({ timeout: 120_000 });
    // The reader is on the infarct's slice, with the CBF in greyscale.
    const [cx, cy, cz] = infarct.centreLPS;
    const loc = await gotoLocation(page, cz - 4, sliceMm);
    await page.getByRole('group', { name: 'Display · CBF' }).getByLabel('Colour map').selectOption('grey');
    // The core / hypoperfusion overlay off, so the colour read from the panes is the maps' own.
    for (const overlay of await page.getByRole('group', { name: 'Overlay classes' }).getByRole('checkbox').all()) await overlay.uncheck();

    // One button: four maps on that slice, each with its colourbar in its unit; CBF keeps its greyscale.
    await grid.click();
    await expect(page.getByRole('main', { name: 'Viewports 2×2' }).count()).resolves.toBe(1);
    await expect.poll(() => Promise.all([0, 1, 2, 3].map((s) => mapShown(page, s))), { timeout: 60_000 }).toEqual(['CBF · axial', 'CBV · axial', 'Tmax · axial', 'PS · axial']);
    const bars: [number, RegExp][] = [
      [0, /^Colourbar CBF 0 to 80 ml\/100 g\/min$/],
      [1, /^Colourbar CBV 0 to 6 ml\/100 g$/],
      [2, /^Colourbar Tmax 0 to 12 s$/],
      [3, /^Colourbar PS 0 to 6 ml\/100 g\/min$/],
    ];
    for (const [slot, name] of bars) await pane(page, slot).getByRole('img', { name }).waitFor();
    await expect(grid.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect.poll(() => allLocations(page)).toEqual([loc, loc, loc, loc]);
    expect(await colourShare(page, 0)).toBe(0);
    expect(await colourShare(page, 1)).toBeGreaterThan(0.05);
    await session.screenshot('70-perfusion-grid-1280');

    // The wheel over Tmax: all four move two slices together.
    const tmaxBox = (await page.getByTestId('viewport-element-2').boundingBox())!;
    await page.mouse.move(tmaxBox.x + tmaxBox.width / 2, tmaxBox.y + tmaxBox.height / 2);
    await page.mouse.wheel(0, 100);
    await expect.poll(() => sliceLocation(page, 2)).not.toBe(loc);
    const step = (await sliceLocation(page, 2)) - loc;
    await expect.poll(() => allLocations(page)).toEqual(Array(4).fill(loc + step));
    await page.mouse.wheel(0, 100);
    await expect.poll(() => allLocations(page)).toEqual(Array(4).fill(loc + 2 * step));
    const moved = await sliceLocation(page, 2);
    expect(Math.abs(Math.abs(moved - loc) - 2 * sliceMm)).toBeLessThan(0.01);
    for (let i = 0; i < 2; i++) await page.mouse.wheel(0, -100);
    await expect.poll(() => allLocations(page)).toEqual([loc, loc, loc, loc]);

    // The mouse on the infarct in CBF: CBV, Tmax and PS are read at that point in their panes.
    const onInfarct = await pointIn(page, 0, [cx, cy, loc]);
    await page.mouse.move(onInfarct.x, onInfarct.y);
    await expect(pane(page, 0).getByLabel('Linked cursor value').count()).resolves.toBe(0);
    await expect.poll(() => pane(page, 3).getByLabel('Linked cursor value').innerText()).toMatch(/^PS [\d.]+ ml\/100 g\/min$/);
    const psAtCursor = Number(/PS ([\d.]+)/.exec(await pane(page, 3).getByLabel('Linked cursor value').innerText())![1]);
    expect(psAtCursor).toBeGreaterThan(CTP_TISSUES.infarct.ps * scale * 0.6);
    await expect(pane(page, 1).getByLabel('Linked cursor value').innerText()).resolves.toMatch(/^CBV [\d.]+ ml\/100 g$/);
    await expect(pane(page, 2).getByLabel('Linked cursor value').innerText()).resolves.toMatch(/^Tmax [\d.]+ s$/);
    await session.screenshot('71-perfusion-grid-cursor');

    // An ellipse drawn on the infarct in CBV: shown in all four panes, one ROI, measured on every map.
    await page.keyboard.press('e');
    const r = (2 * infarct.radiiMm[0] * Math.sqrt(1 - ((loc - cz) / infarct.radiiMm[2]) ** 2)) / 3;
    await drag(page, await pointIn(page, 1, [cx, cy, loc]), await pointIn(page, 1, [cx + r, cy + r, loc]));
    const roi = page.getByRole('region', { name: /^ROI / }).first();
    await roi.getByLabel('PS statistics').waitFor({ timeout: 60_000 });
    await page.keyboard.press('w');
    await expect(page.getByRole('region', { name: /^ROI / }).count()).resolves.toBe(1);
    await expect.poll(() => Promise.all([0, 1, 2, 3].map((s) => annotationsIn(page, s)))).toEqual([1, 1, 1, 1]);
    const mean = async (label: string) => Number(await roi.getByLabel(`${label} statistics`).locator('td').first().innerText());
    const means = Object.fromEntries(await Promise.all(['CBF', 'CBV', 'MTT', 'Tmax', 'TTP', 'PS'].map(async (m) => [m, await mean(m)] as const)));
    for (const m of Object.values(means)) expect(Number.isFinite(m)).toBe(true);
    expect(means.PS).toBeGreaterThan(CTP_TISSUES.infarct.ps * scale * 0.8);
    expect(means.PS).toBeLessThan(CTP_TISSUES.infarct.ps * scale * 1.2);
    expect(means.CBF).toBeLessThan(CTP_TISSUES.grey.cbf * scale * 0.5);
    await session.screenshot('72-perfusion-grid-roi');

    // A pane's own map: PS → MTT from the pane's picker; its colourbar follows, the others stay.
    await pane(page, 3).getByLabel('Map of viewport 4').selectOption('mtt');
    await pane(page, 3).getByRole('img', { name: /^Colourbar MTT 0 to 12 s$/ }).waitFor();
    await expect(mapShown(page, 3)).resolves.toBe('MTT · axial');
    await expect(sliceLocation(page, 3)).resolves.toBe(loc);
    // A pane's own display: CBV in greyscale, then fused over the CT at 50 % above 2 ml/100 g.
    const cbvBox = (await page.getByTestId('viewport-element-1').boundingBox())!;
    await page.mouse.click(cbvBox.x + 20, cbvBox.y + cbvBox.height - 20);
    const cbvDisplay = page.getByRole('group', { name: 'Display · CBV' });
    await cbvDisplay.getByLabel('Colour map').selectOption('grey');
    await expect.poll(() => colourShare(page, 1)).toBe(0);
    expect(await colourShare(page, 2)).toBeGreaterThan(0.05);
    // Fused over the CT at 60 %: the map drawn at about that opacity (least squares of the pane's pixels
    // between the CT alone and the map alone), then only above 3 ml/100 g, then transparent.
    await cbvDisplay.getByLabel('Colour map').selectOption('perfusion');
    await expect.poll(() => colourShare(page, 1)).toBeGreaterThan(0.05);
    const mapAlone = await canvasPixels(page, 1);
    await cbvDisplay.getByLabel('Fuse over CT').check();
    await expect.poll(() => mapShown(page, 1)).toBe('CBV on CT · axial');
    await cbvDisplay.getByLabel('Opacity').fill('0');
    await expect.poll(() => colourShare(page, 1)).toBe(0);
    const ctAlone = await canvasPixels(page, 1);
    await cbvDisplay.getByLabel('Opacity').fill('0.6');
    await expect.poll(async () => blendFraction(ctAlone, mapAlone, await canvasPixels(page, 1))).toBeGreaterThan(0.5);
    expect(blendFraction(ctAlone, mapAlone, await canvasPixels(page, 1))).toBeLessThan(0.75);
    const fused = await colourShare(page, 1);
    await cbvDisplay.getByLabel('Threshold').fill('3');
    await expect.poll(() => colourShare(page, 1)).toBeLessThan(fused / 2);
    await expect.poll(() => colourShare(page, 1)).toBeGreaterThan(0);
    // Window / level dragged in Tmax changes Tmax's window and colourbar only.
    const before = await Promise.all([0, 1, 3].map((s) => pane(page, s).getByLabel('Window level').innerText()));
    await drag(page, { x: tmaxBox.x + 40, y: tmaxBox.y + 60 }, { x: tmaxBox.x + 90, y: tmaxBox.y + 100 });
    await expect.poll(() => pane(page, 2).getByRole('img', { name: /^Colourbar Tmax / }).getAttribute('aria-label')).not.toBe('Colourbar Tmax 0 to 12 s');
    await expect(Promise.all([0, 1, 3].map((s) => pane(page, s).getByLabel('Window level').innerText()))).resolves.toEqual(before);
    await session.screenshot('73-perfusion-grid-display');

    // The overlay back on: the classes show in every pane.
    for (const overlay of await page.getByRole('group', { name: 'Overlay classes' }).getByRole('checkbox').all()) await overlay.check();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(() => allLocations(page)).toEqual([loc, loc, loc, loc]);
    await session.screenshot('74-perfusion-grid-1920');
    for (const overlay of await page.getByRole('group', { name: 'Overlay classes' }).getByRole('checkbox').all()) await overlay.uncheck();

    // The button again: 1×1 as before, CBF in greyscale on the slice the grid was on, the ROI still there.
    await grid.click();
    await expect(page.getByRole('main', { name: 'Viewports 1×1' }).count()).resolves.toBe(1);
    await expect.poll(() => mapShown(page, 0)).toBe('CBF · axial');
    await expect(grid.getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(pane(page, 1).count()).resolves.toBe(0);
    await expect.poll(() => sliceLocation(page, 0)).toBe(loc);
    await expect.poll(() => colourShare(page, 0)).toBe(0);
    await expect.poll(() => annotationsIn(page, 0)).toBe(1);
    // Shift+M: the grid again, from the keyboard.
    await page.keyboard.press('Shift+M');
    await expect.poll(() => Promise.all([0, 1, 2, 3].map((s) => mapShown(page, s).catch(() => '')))).toEqual(['CBF · axial', 'CBV · axial', 'Tmax · axial', 'PS · axial']);
    await page.keyboard.press('Shift+M');
    await page.getByRole('main', { name: 'Viewports 1×1' }).waitFor();
    session.assertNoProblems();
  });

  it('shows FA, MD, AD, RD of the DTI fit 2×2 from the DTI panel, scrolled together, and goes back', async () => {
    session = await suite.open();
    const { page } = session;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Open demo' }).click();
    await page.getByRole('treeitem', { name: /^Series 5 DTI/ }).first().waitFor({ timeout: 60_000 });
    await pane(page, 0).getByLabel('Window level').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Compute DTI' }).click();
    await pane(page, 0).getByLabel('Map shown').filter({ hasText: 'FA · axial' }).waitFor({ timeout: 120_000 });
    // Three slices up from where the map opened, each step seen on screen before the next key (the
    // map's first frames can still be settling when it is first named; a key then is lost).
    const start = await sliceLocation(page, 0);
    for (let i = 1; i <= 3; i++) {
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => sliceLocation(page, 0)).not.toBe(start);
    }
    await page.waitForTimeout(500);
    const loc = await sliceLocation(page, 0);
    expect(loc).not.toBe(start);

    await page.getByRole('group', { name: 'Show map' }).getByRole('button', { name: 'Maps 2×2' }).click();
    await expect.poll(() => Promise.all([0, 1, 2, 3].map((s) => mapShown(page, s).catch(() => '')))).toEqual(['FA · axial', 'MD · axial', 'AD · axial', 'RD · axial']);
    await pane(page, 0).getByRole('img', { name: 'Colourbar FA 0.00 to 1.00 unitless' }).waitFor();
    for (const [slot, label] of [[1, 'MD'], [2, 'AD'], [3, 'RD']] as const) await pane(page, slot).getByRole('img', { name: `Colourbar ${label} 0 to 3000 10⁻⁶ mm²/s` }).waitFor();
    await expect.poll(() => allLocations(page)).toEqual([loc, loc, loc, loc]);
    // Arrow keys in the active pane (RD after a click) move all four.
    const rd = (await page.getByTestId('viewport-element-3').boundingBox())!;
    await page.mouse.click(rd.x + 10, rd.y + rd.height - 10);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => sliceLocation(page, 3)).not.toBe(loc);
    const moved = await sliceLocation(page, 3);
    await expect.poll(() => allLocations(page)).toEqual([moved, moved, moved, moved]);
    // Pane 3's map from its picker: AD → colour FA, with its legend.
    await pane(page, 2).getByLabel('Map of viewport 3').selectOption('colfa');
    await pane(page, 2).getByRole('img', { name: /^Colour FA legend/ }).waitFor();
    await session.screenshot('75-dti-grid-1280');

    await page.keyboard.press('Shift+M');
    await page.getByRole('main', { name: 'Viewports 1×1' }).waitFor();
    await expect.poll(() => mapShown(page, 0)).toBe('FA · axial');
    await expect.poll(() => sliceLocation(page, 0)).toBe(moved);
    session.assertNoProblems();
  });
});
