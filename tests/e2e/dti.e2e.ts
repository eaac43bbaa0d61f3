import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexFiles } from '../../src/core/dicom/indexFiles';
import { planSeries } from '../../src/core/dicom/geometry/planSeries';
import type { SeriesEntry } from '../../src/core/dicom/types';
import { fitVolume } from '../../src/core/dti/fitVolume';
import type { DtiMaps } from '../../src/core/dti/types';
import { assembleVolume } from '../../src/core/volume/assembleVolume';
import { createFrameDecoder } from '../../src/codecs/createFrameDecoder';
import { listFolder } from '../../src/cli/nodeFileSource';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../helpers/sharedData';
import type { Locator } from 'playwright-core';
import { appSuite, canvasStats, type AppSession } from './harness';
import { sliceLocation } from './measureHelpers';

if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);

/** The reference DTI series: Philips enhanced-less classic DICOM, b ≈ 0 (stored 0.001–0.004) and 1000, scrambled instance numbers. */
const folder = join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom');

const suite = appSuite();
let session: AppSession | null = null;
/** The same series fitted here in Node, independently of the app (WLS, default mask = Otsu × 1). */
let reference: { series: SeriesEntry; maps: DtiMaps };

beforeAll(async () => {
  if (!hasSharedDicom) return;
  const files = await listFolder(folder);
  const index = await indexFiles(files);
  const series = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series)).find((s) => s.kind === 'dwi' && s.directionCount >= 6);
  if (!series) throw new Error('no DTI series in the Philips folder');
  const volume = await assembleVolume(planSeries(series), new Map(files.map((f) => [f.path, f])), createFrameDecoder());
  reference = { series, maps: fitVolume(volume, { estimator: 'wls', maskThreshold: 1 }) };
});

/** CSS pixels of a control that its scrolling sidebar section hides (0 = wholly visible without scrolling). */
function hiddenByScroll(control: Locator): Promise<number> {
  return control.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const body = el.closest('.section-body')!.getBoundingClientRect();
    return Math.max(0, body.top - r.top) + Math.max(0, r.bottom - body.bottom);
  });
}

/** The brightest R, G or B byte on viewport `slot`'s canvas. */
function maxChannel(s: AppSession, slot: number): Promise<number> {
  return s.page.evaluate((k) => {
    const canvas = document.querySelector(`[data-testid="viewport-element-${k}"] canvas`) as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let max = 0;
    for (let i = 0; i < data.length; i += 4) max = Math.max(max, data[i], data[i + 1], data[i + 2]);
    return max;
  }, slot);
}

/** Parses the probe overlay 'FA 0.532 @ 56,60,35' into the value and voxel index. */
function parseProbe(text: string): { value: number; ijk: [number, number, number] } {
  const m = /^FA (-?[\d.]+) @ (\d+),(\d+),(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`unexpected probe text "${text}"`);
  return { value: Number(m[1]), ijk: [Number(m[2]), Number(m[3]), Number(m[4])] };
}

async function waitForStructure(s: AppSession, slot: number): Promise<number> {
  let stats = await canvasStats(s.page, slot);
  for (let i = 0; i < 50 && stats.variance < 1; i++) {
    await s.page.waitForTimeout(200);
    stats = await canvasStats(s.page, slot);
  }
  expect(stats.variance).toBeGreaterThan(1);
  return stats.variance;
}

describe.skipIf(!hasSharedDicom)('DTI maps in Chromium (philips_701_DTI_Biobank_cl)', () => {
  it('lists the series, computes WLS maps, shows FA with its colourbar, and probes the fitted FA', async () => {
    session = await suite.open();
    const { page } = session;
    await page.getByLabel('Folder input').setInputFiles(folder);
    const badge = `DTI b${[...new Set(reference.series.bValues.map((b) => String(Math.round(b))))].join('/')} ×${reference.series.directionCount}`;
    const row = page.getByRole('treeitem', { name: new RegExp(`^Series .*${badge.replace(/[×/]/g, '.')}`) });
    await row.waitFor({ timeout: 120_000 });
    expect(await row.innerText()).toContain(badge);
    expect(reference.series.bValues.map(Math.round)).toEqual(expect.arrayContaining([0, 1000]));
    await row.click();
    await waitForStructure(session, 0);
    await session.screenshot('10-philips-dwi');

    await expect(page.getByLabel('Estimator').inputValue()).resolves.toBe('wls');
    await page.getByRole('button', { name: 'Compute DTI' }).click();
    await page.getByRole('region', { name: 'Viewport 1' }).getByLabel('Map shown').filter({ hasText: 'FA · axial' }).waitFor({ timeout: 240_000 });
    await page.getByRole('img', { name: 'Colourbar FA 0.00 to 1.00 unitless' }).waitFor();
    const summary = await page.getByLabel('Fit summary').innerText();
    expect(summary).toContain(`WLS · ${reference.maps.counts.fitted} voxels`);
    await waitForStructure(session, 0);
    await session.screenshot('11-philips-fa');

    // Probe: every point the mouse visits must read the FA the independent Node fit gives that voxel.
    const box = (await page.getByTestId('viewport-element-0').boundingBox())!;
    const [nx, ny] = reference.maps.dims;
    let probed = 0;
    for (const [fx, fy] of [[0.5, 0.5], [0.42, 0.45], [0.6, 0.55]]) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      const probe = page.getByRole('region', { name: 'Viewport 1' }).getByLabel('Probe');
      await probe.waitFor();
      const { value, ijk } = parseProbe(await probe.innerText());
      const expected = reference.maps.scalars.fa[ijk[0] + nx * (ijk[1] + ny * ijk[2])];
      expect(Math.abs(value - expected)).toBeLessThanOrEqual(0.0005 + 1e-6);
      if (expected > 0) probed++;
    }
    expect(probed).toBeGreaterThan(0);
    session.assertNoProblems();
  });

  it('reformats, shows colour FA and fused maps, links scrolling with the DWI images, plays cine', async () => {
    session = await suite.open();
    const { page } = session;
    await page.getByLabel('Folder input').setInputFiles(folder);
    await page.getByRole('treeitem', { name: /^Series .*DTI/ }).first().click({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Compute DTI' }).click();
    const shown = page.getByRole('region', { name: 'Viewport 1' }).getByLabel('Map shown');
    await shown.filter({ hasText: 'FA · axial' }).waitFor({ timeout: 240_000 });

    await page.getByRole('button', { name: 'Colour FA' }).click();
    await page.getByRole('img', { name: /^Colour FA legend/ }).waitFor();
    await waitForStructure(session, 0);
    // Full brightness: the bytes (255·FA·|e1|) in a 0–255 window, so the brightest colour on this mid-brain
    // slice (corpus callosum) reaches most of the fit's brightest byte, not a quarter of it as in a 0–1024 window.
    const brightest = reference.maps.colorFa.reduce((m, v) => Math.max(m, v), 0);
    await expect.poll(() => page.getByRole('region', { name: 'Viewport 1' }).getByLabel('Window level').innerText()).toBe('W 255 L 128');
    await expect.poll(() => maxChannel(session!, 0)).toBeGreaterThan(0.6 * brightest);
    await session.screenshot('12-philips-colour-fa');

    await page.getByRole('button', { name: 'MD', exact: true }).click();
    await page.getByRole('img', { name: 'Colourbar MD 0 to 3000 10⁻⁶ mm²/s' }).waitFor();
    await page.getByLabel('Colour map').selectOption('hot');
    await page.getByLabel('Fuse over b0').check();
    await shown.filter({ hasText: 'MD on b0 · axial' }).waitFor();
    await waitForStructure(session, 0);
    await session.screenshot('13-philips-md-hot-fused');
    // A shorter window: the whole Display section stays visible above Measurements (it was cut at the fold).
    await page.setViewportSize({ width: 1400, height: 680 });
    for (const control of [page.getByRole('group', { name: 'Display · MD' }), page.getByLabel('Threshold', { exact: true })]) {
      await expect.poll(() => hiddenByScroll(control)).toBe(0);
    }
    await expect(page.getByRole('button', { name: 'Measurements', exact: true }).isVisible()).resolves.toBe(true);
    await session.screenshot('13b-philips-short-window-panels');
    await page.setViewportSize({ width: 1400, height: 860 });

    await page.getByRole('button', { name: 'FA', exact: true }).click();
    await page.keyboard.press('c');
    await shown.filter({ hasText: 'coronal' }).waitFor();
    await waitForStructure(session, 0);
    await session.screenshot('14-philips-fa-coronal');
    await page.keyboard.press('s');
    await shown.filter({ hasText: 'sagittal' }).waitFor();
    await session.screenshot('15-philips-fa-sagittal');
    await page.keyboard.press('a');
    await shown.filter({ hasText: 'axial' }).waitFor();
    await page.getByLabel('Fuse over b0').uncheck();
    await page.getByLabel('Colour map').selectOption('grey');

    // Second viewport: the DWI images of the same series (same frame of reference).
    await page.getByRole('button', { name: 'Layout 1×2' }).click();
    await page.getByTestId('viewport-element-1').click();
    await page.getByRole('treeitem', { name: /^Series .*DTI/ }).first().click();
    await waitForStructure(session, 1);
    const before = await sliceLocation(session.page, 1);

    const box = (await page.getByTestId('viewport-element-0').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const spacing = Math.abs(reference.maps.affine[10]) || reference.maps.spacing[2];
    // 5 notches one way, then 10 back: the map moves each time and the images follow it, so they leave
    // the slice they started on even if one round happens to bring the map to it.
    for (const [notches, delta] of [[5, 120], [10, -120]]) {
      const mapBefore = await sliceLocation(session.page, 0);
      for (let i = 0; i < notches; i++) await page.mouse.wheel(0, delta);
      await expect.poll(() => sliceLocation(session!.page, 0)).not.toBeCloseTo(mapBefore, 0);
      await expect.poll(async () => Math.abs((await sliceLocation(session!.page, 1)) - (await sliceLocation(session!.page, 0)))).toBeLessThanOrEqual(spacing / 2 + 0.01);
    }
    expect(await sliceLocation(session.page, 1)).not.toBeCloseTo(before, 0);
    await session.screenshot('16-philips-linked');

    // Cine through the 17 volumes of the DWI viewport: 'p' plays, the volume readout advances, 'p' pauses.
    const dwi = page.getByRole('region', { name: 'Viewport 2' });
    await page.getByTestId('viewport-element-1').click();
    await expect(dwi.innerText()).resolves.toContain('Vol 1/17');
    await page.keyboard.press('p');
    await dwi.getByLabel('Cine').waitFor();
    await expect.poll(() => dwi.innerText(), { timeout: 10_000 }).toMatch(/Vol ([3-9]|1\d)\/17/);
    await page.keyboard.press('p');
    await dwi.getByLabel('Cine').waitFor({ state: 'detached' });
    session.assertNoProblems();
  });
});
