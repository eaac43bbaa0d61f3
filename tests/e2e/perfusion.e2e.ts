import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ctpClassAt, CTP_TISSUES } from '../fixtures/syntheticCtpStudy';
import { appSuite, distDir, type AppSession } from './harness';
import { readCsvObjects } from '../unit/export/readCsv';
import { smoothInPlane } from '../../src/core/perfusionReview/smoothInPlane';
import { download, drag, gotoLocation, pagePoint, type Vec3 } from './measureHelpers';

/**
 * CT perfusion in the workstation, in Chromium, on the demo's day-14 CTP (known truth in the
 * demo's ground-truth.json): compute the maps with progress, AIF and VOF curves, move the AIF
 * and see the maps change, ROI on the infarct and its mirror with PS and rPS against the truth,
 * core / hypoperfusion / mismatch volumes against the phantom's design with their overlay, saved in
 * the record, export, reload, same export, the saved volumes shown after the maps are computed again.
 */
const demoBuilt = existsSync(join(distDir, 'demo', 'ground-truth.json'));
if (!demoBuilt) console.warn(`${distDir}/demo missing (npm run demo, then vite build): perfusion e2e skipped`);
const demoFolder = join(distDir, 'demo', 'DEMO-001');

interface CtpTruth {
  dims: [number, number, number, number];
  affineVoxelToLps: number[];
  perfusion: {
    mapScale: { value: number };
    sinus: { axisLPS: Vec3 };
    artery: { axisLPS: Vec3; radiusMm: number };
  };
}
interface Truth {
  studies: { label: string; series: ({ kind?: string; infarct?: { centreLPS: Vec3; radiiMm: Vec3 } } & Partial<CtpTruth>)[] }[];
}

const suite = appSuite();
let session: AppSession | null = null;

const viewport1 = (page: Page) => page.getByRole('region', { name: 'Viewport 1' });
const study14 = (page: Page) => page.getByRole('treeitem', { name: 'Study MRI+CT BRAIN STROKE DAY 14' });

/** The long CSV and provenance JSON as downloaded from the export dialog (trial key typed first). */
async function exportRecord(s: AppSession): Promise<{ long: string; provenance: string }> {
  const { page } = s;
  await page.getByRole('button', { name: 'Trial export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Trial export' });
  await dialog.getByLabel('Trial key').fill('e2e-perfusion-key');
  await dialog.getByRole('table', { name: 'Measurements' }).waitFor();
  const long = (await download(s, 'Export long CSV')).text;
  const provenance = (await download(s, 'Export provenance JSON')).text;
  return { long, provenance };
}

function withoutExportTime(provenance: string): unknown {
  const { exportedAt: _exportedAt, ...rest } = JSON.parse(provenance) as { exportedAt: string };
  return rest;
}

/**
 * The phantom's designed volumes under the app's rule (perfusionVolumes on maps smoothed in-plane
 * 3×3 over the tissue, smoothInPlane) applied to the true maps: tissue voxels (grey, white,
 * infarct, its core, delayed territory) of the CTP grid; reference = mean true CBF of the tissue
 * on the patient-right side (x < 0: the mirror ROI's side); core where the smoothed true CBF <
 * coreFraction × reference; hypoperfused where the smoothed true Tmax (the tissue's delay) > tmaxS. mL.
 */
function designedVolumes(ctp: CtpTruth, coreFraction: number, tmaxS: number): { core: number; hypo: number; voxelMl: number } {
  const [nx, ny, nz] = ctp.dims;
  const a = ctp.affineVoxelToLps;
  // The CTP's head centre: the sinus axis lies on the head's midline, 74 mm posterior of its centre (syntheticCtpStudy).
  const head: Vec3 = [ctp.perfusion.sinus.axisLPS[0], ctp.perfusion.sinus.axisLPS[1] - 74, ctp.perfusion.sinus.axisLPS[2]];
  const n = nx * ny * nz;
  const tissue = new Uint8Array(n);
  const cbf = new Float32Array(n);
  const tmax = new Float32Array(n);
  const right = new Uint8Array(n);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const p: Vec3 = [a[0] * i + a[1] * j + a[2] * k + a[3], a[4] * i + a[5] * j + a[6] * k + a[7], a[8] * i + a[9] * j + a[10] * k + a[11]];
        const c = ctpClassAt([p[0] - head[0], p[1] - head[1], p[2] - head[2]]);
        if (typeof c !== 'string' || !(c in CTP_TISSUES)) continue;
        const v = i + nx * (j + ny * k);
        const t = CTP_TISSUES[c as keyof typeof CTP_TISSUES];
        tissue[v] = 1;
        cbf[v] = t.cbf;
        tmax[v] = t.delay;
        right[v] = p[0] < 0 ? 1 : 0;
      }
  let sum = 0;
  let count = 0;
  for (let v = 0; v < n; v++) {
    if (!tissue[v] || !right[v]) continue;
    sum += cbf[v];
    count++;
  }
  const reference = sum / count;
  const smoothCbf = smoothInPlane(cbf, tissue, ctp.dims.slice(0, 3) as [number, number, number]);
  const smoothTmax = smoothInPlane(tmax, tissue, ctp.dims.slice(0, 3) as [number, number, number]);
  const ml = Math.abs(a[0] * (a[5] * a[10] - a[6] * a[9]) - a[1] * (a[4] * a[10] - a[6] * a[8]) + a[2] * (a[4] * a[9] - a[5] * a[8])) / 1000;
  let core = 0;
  let hypo = 0;
  for (let v = 0; v < n; v++) {
    if (!tissue[v]) continue;
    if (smoothCbf[v] < coreFraction * reference) core++;
    if (smoothTmax[v] > tmaxS) hypo++;
  }
  return { core: core * ml, hypo: hypo * ml, voxelMl: ml };
}

const volumeOf = async (page: Page, label: string) => Number(/(-?[\d.]+) mL/.exec(await page.getByLabel(label, { exact: true }).innerText())![1]);

/** The mean of map `label` in ROI `name`'s statistics table, in display units. */
async function roiMean(page: Page, name: string, label: string): Promise<number> {
  const row = page.getByRole('region', { name: `ROI ${name}`, exact: true }).getByLabel(`${label} statistics`);
  return Number(await row.locator('td').first().innerText());
}

describe.skipIf(!demoBuilt)('CT perfusion on the demo study in Chromium', () => {
  it('computes the maps with progress, shows and moves the AIF, measures PS in the infarct and its mirror, gives the volumes, exports the same record after a reload', async () => {
    const truth = JSON.parse(readFileSync(join(distDir, 'demo', 'ground-truth.json'), 'utf8')) as Truth;
    const day14 = truth.studies.find((s) => s.label === 'day14')!;
    const ctp = day14.series.find((s) => s.kind === 'ctp')! as CtpTruth;
    const infarct = day14.series.find((s) => s.infarct)!.infarct!;
    const scale = ctp.perfusion.mapScale.value;
    const sliceMm = ctp.affineVoxelToLps[10];

    session = await suite.open();
    const { page } = session;
    await page.getByLabel('Folder input').setInputFiles(demoFolder);
    await study14(page).getByRole('treeitem', { name: /^Series .*PERFUSION/ }).click({ timeout: 60_000 });
    await page.getByLabel('Reader').fill('e2e-reader');
    await page.getByLabel('Reader').blur();
    await viewport1(page).getByLabel('Slice location').waitFor();

    // Compute: the progress shows while the images are read and the maps computed, then CBF is on screen.
    await page.evaluate(() => {
      const seen = ((window as unknown as { __perfusionProgressSeen: string[] }).__perfusionProgressSeen = [] as string[]);
      new MutationObserver(() => {
        const p = document.querySelector('[aria-label="Perfusion progress"]');
        if (p) seen.push(p.textContent ?? '');
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole('button', { name: 'Compute perfusion' }).click();
    await viewport1(page).getByLabel('Map shown').filter({ hasText: 'CBF · axial' }).waitFor({ timeout: 120_000 });
    const progress = await page.evaluate(() => (window as unknown as { __perfusionProgressSeen: string[] }).__perfusionProgressSeen);
    expect(progress.some((t) => /Reading images \d+ %/.test(t))).toBe(true);
    expect(progress.some((t) => /Computing maps \d+ %/.test(t))).toBe(true);
    await expect(viewport1(page).getByRole('img', { name: /^Colourbar CBF 0 to 80 ml\/100 g\/min$/ }).count()).resolves.toBe(1);

    // The automatic AIF is in the artery; AIF and VOF are drawn as curves.
    const aifText = await page.getByLabel('AIF location').innerText();
    const aifLps = /\((-?[\d.]+), (-?[\d.]+), (-?[\d.]+) mm LPS\)/.exec(aifText)!.slice(1).map(Number);
    expect(Math.hypot(aifLps[0] - ctp.perfusion.artery.axisLPS[0], aifLps[1] - ctp.perfusion.artery.axisLPS[1])).toBeLessThan(ctp.perfusion.artery.radiusMm + 3);
    expect(aifText).toMatch(/automatic/);
    const legend = page.getByTestId('perfusion-curves-plot').locator('.u-legend');
    await expect.poll(() => legend.innerText()).toMatch(/AIF[\s\S]*VOF/);
    await expect(page.getByLabel('Baseline window').innerText()).resolves.toMatch(/^Baseline 0\.0–\d+\.\d s$/);
    await expect(page.getByLabel('Patlak window').innerText()).resolves.toMatch(/^Patlak \d+\.\d–\d+\.\d s$/);
    // Hovering the chart reads the AIF's HU at that time in the legend.
    const chart = (await page.getByTestId('perfusion-curves-plot').locator('.u-over').boundingBox())!;
    await page.mouse.move(chart.x + chart.width * 0.3, chart.y + chart.height / 2);
    await expect.poll(async () => Number(await legend.locator('.u-series').nth(1).locator('.u-value').innerText())).toBeGreaterThan(50);
    await session.screenshot('60-perfusion-cbf');

    // PS on the infarct's largest slice: an ellipse over it (2/3 of its in-slice radii), then its mirror.
    await page.getByRole('button', { name: 'PS', exact: true }).click();
    await viewport1(page).getByLabel('Map shown').filter({ hasText: 'PS · axial' }).waitFor();
    const [cx, cy, cz] = infarct.centreLPS;
    const loc = await gotoLocation(page, cz - 4, sliceMm);
    await expect(page.getByTestId('marker-AIF').count()).resolves.toBe(1);
    const shrink = Math.sqrt(1 - ((loc - cz) / infarct.radiiMm[2]) ** 2);
    await page.keyboard.press('e');
    await drag(page, await pagePoint(page, [cx, cy, loc]), await pagePoint(page, [cx + (2 * infarct.radiiMm[0] * shrink) / 3, cy + (2 * infarct.radiiMm[1] * shrink) / 3, loc]));
    const core = page.getByRole('region', { name: /^ROI / }).first();
    await core.getByLabel('PS statistics').waitFor();
    const roiName = (await core.getAttribute('aria-label'))!.replace(/^ROI /, '');
    await core.getByRole('button', { name: 'Mirror' }).click();
    await page.getByRole('region', { name: `ROI ${roiName} (mirror)`, exact: true }).getByLabel('PS statistics').waitFor({ timeout: 60_000 });
    await page.keyboard.press('w');
    const psIpsi = await roiMean(page, roiName, 'PS');
    const psContra = await roiMean(page, `${roiName} (mirror)`, 'PS');
    const rPs = Number((await page.getByLabel('Ratio rPS').innerText()).replace('rPS ', ''));
    // Truth: infarct PS 6, grey/white 0.5/0.3 ml/100 ml/min, × the constants' scale.
    expect(psIpsi).toBeGreaterThan(CTP_TISSUES.infarct.ps * scale * 0.8);
    expect(psIpsi).toBeLessThan(CTP_TISSUES.infarct.ps * scale * 1.2);
    expect(psContra).toBeGreaterThan(CTP_TISSUES.white.ps * scale * 0.5);
    expect(psContra).toBeLessThan(CTP_TISSUES.grey.ps * scale * 1.5);
    // The ratio is of the unrounded means; the table prints them to 2 decimals.
    expect(Math.abs(rPs / (psIpsi / psContra) - 1)).toBeLessThan(0.03);
    await expect.poll(() => legend.innerText()).toContain(roiName);
    const cbfIpsi = await roiMean(page, roiName, 'CBF');
    await session.screenshot('61-perfusion-ps-roi-mirror');

    // Move the AIF onto the sinus: the maps are computed again with it and the ROI's numbers change.
    await page.getByRole('button', { name: 'Move AIF' }).click();
    const sinus = await pagePoint(page, [ctp.perfusion.sinus.axisLPS[0], ctp.perfusion.sinus.axisLPS[1], loc]);
    await page.mouse.click(sinus.x, sinus.y);
    await expect.poll(() => page.getByLabel('AIF location').innerText(), { timeout: 60_000 }).toMatch(/placed by reader/);
    await expect.poll(() => roiMean(page, roiName, 'CBF'), { timeout: 60_000 }).not.toBe(cbfIpsi);
    await session.screenshot('62-perfusion-aif-moved');
    // Back to the automatic inputs: the first numbers again.
    await page.getByRole('button', { name: 'Automatic', exact: true }).click();
    await expect.poll(() => page.getByLabel('AIF location').innerText(), { timeout: 60_000 }).toMatch(/automatic/);
    await expect.poll(() => roiMean(page, roiName, 'CBF'), { timeout: 60_000 }).toBe(cbfIpsi);
    await expect.poll(() => roiMean(page, roiName, 'PS')).toBe(psIpsi);

    // Volumes at the default thresholds (30 %, 6 s): the phantom's core (rCBF ~0.15), its hypoperfused
    // infarct and delayed territory (Tmax 7–8 s), a mismatch. Saved: the panel then shows the record's numbers.
    const voxelMl = designedVolumes(ctp, 0, 0).voxelMl;
    const defaults = designedVolumes(ctp, 0.3, 6);
    await expect(page.getByLabel('Volumes status').innerText()).resolves.toBe('Not saved.');
    const live = { core: await volumeOf(page, 'Core volume'), hypo: await volumeOf(page, 'Hypoperfused volume'), mismatch: await volumeOf(page, 'Mismatch volume') };
    // The core is a few voxels of 10 mm slices: within 3 voxels (0.37 mL) of the design.
    expect(defaults.core).toBeGreaterThanOrEqual(2 * voxelMl);
    expect(Math.abs(live.core - defaults.core)).toBeLessThanOrEqual(3 * voxelMl);
    expect(Math.abs(live.hypo - defaults.hypo)).toBeLessThan(defaults.hypo * 0.15);
    expect(live.mismatch).toBeCloseTo(live.hypo - live.core, 1);
    // The overlay draws what the volumes count: core voxels magenta, the rest of the hypoperfusion green (mismatch hidden by default).
    const overlay = () => page.evaluate(() => (window as unknown as { __perfusionOverlay: { labelCounts(): { counts: number[]; viewports: number } | null } }).__perfusionOverlay.labelCounts());
    await expect.poll(async () => (await overlay())?.viewports ?? 0).toBeGreaterThan(0);
    const drawn = (await overlay())!.counts;
    expect((drawn[1] * voxelMl).toFixed(1)).toBe(live.core.toFixed(1));
    expect((drawn[1] + drawn[3]) * voxelMl).toBeGreaterThanOrEqual(live.hypo - 0.05);
    expect(drawn[2]).toBe(0);
    await page.getByLabel('Show mismatch overlay').check();
    await expect.poll(async () => ((await overlay())!.counts[2] * voxelMl).toFixed(1)).toBe(live.mismatch.toFixed(1));
    await page.getByRole('button', { name: 'Save volumes' }).click();
    await expect.poll(() => page.getByLabel('Volumes status').innerText()).toMatch(/^Saved by e2e-reader, \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);
    await expect(volumeOf(page, 'Core volume')).resolves.toBe(live.core);
    await expect(page.getByRole('button', { name: 'Save volumes again' }).isDisabled()).resolves.toBe(true);
    await session.screenshot('63a-perfusion-volume-overlay');

    // Volumes with thresholds that separate the phantom's tissues (infarct and core rCBF < 0.45, white matter 0.8; delays 0–0.5 s vs 7–8 s).
    await page.getByLabel('Core rCBF threshold').fill('60');
    await page.getByLabel('Tmax threshold').fill('2.5');
    const designed = designedVolumes(ctp, 0.6, 2.5);
    await expect.poll(() => volumeOf(page, 'Hypoperfused volume')).toBeGreaterThan(designed.hypo * 0.9);
    const coreMl = await volumeOf(page, 'Core volume');
    const hypoMl = await volumeOf(page, 'Hypoperfused volume');
    const mismatchMl = await volumeOf(page, 'Mismatch volume');
    expect(Math.abs(coreMl - designed.core)).toBeLessThan(designed.core * 0.25);
    expect(Math.abs(hypoMl - designed.hypo)).toBeLessThan(designed.hypo * 0.1);
    expect(Math.abs(mismatchMl - (designed.hypo - designed.core))).toBeLessThan((designed.hypo - designed.core) * 0.1);
    // The overlay followed the thresholds; the panel says they differ from the saved ones, whose numbers stay.
    await expect.poll(async () => ((await overlay())!.counts[1] * voxelMl).toFixed(1)).toBe(coreMl.toFixed(1));
    await expect(page.getByLabel('Volumes status').innerText()).resolves.toBe('Not saved at these settings:');
    await expect(page.getByLabel('Saved volumes differ').innerText()).resolves.toMatch(/^The thresholds differ from the saved ones \(core rCBF < 30 %, Tmax > 6 s\)\. Saved by e2e-reader/);
    await expect(volumeOf(page, 'Saved core volume')).resolves.toBe(live.core);
    await expect(volumeOf(page, 'Saved hypoperfused volume')).resolves.toBe(live.hypo);
    await session.screenshot('63-perfusion-volumes');

    // Export: PS of both ROIs and rPS as rows in trial units; AIF/VOF, constants and method in the provenance.
    const before = await exportRecord(session);
    const long = readCsvObjects(before.long);
    const psRows = long.filter((r) => r.map.toLowerCase() === 'ps' && r.statistic === 'mean');
    expect(psRows.map((r) => r.unit)).toContain('ml/100g/min');
    expect(psRows.some((r) => Math.abs(Number(r.value) - psIpsi) < 0.006)).toBe(true);
    expect(long.some((r) => /ps/i.test(r.map) && r.roi_role === 'ipsi/contra')).toBe(true);
    const provenance = JSON.parse(before.provenance) as { subjects: { studies: { series: { fit: { estimator: string; perfusion?: { aif: { automatic: boolean }; constants: { density: number }; method: string } } | null }[] }[] }[] };
    const perfusionFit = provenance.subjects[0].studies.flatMap((st) => st.series).find((se) => se.fit?.perfusion)!.fit!;
    expect(perfusionFit.estimator).toBe('osvd');
    expect(perfusionFit.perfusion!.aif.automatic).toBe(true);
    expect(perfusionFit.perfusion!.constants.density).toBe(1.04);
    expect(perfusionFit.perfusion!.method).toMatch(/oSVD/);
    // The saved volumes (default thresholds), not the ones on screen at 60 % / 2.5 s: the export reads the record.
    const volumeRows = long.filter((r) => r.roi_role === 'perfusion');
    expect(volumeRows.map((r) => [r.roi_name, r.statistic, r.unit])).toEqual([
      ['core', 'volume', 'mL'],
      ['hypoperfused', 'volume', 'mL'],
      ['mismatch', 'volume', 'mL'],
      ['mismatch', 'ratio', '1'],
    ]);
    expect(volumeRows.every((r) => r.timepoint === volumeRows[0].timepoint && r.subject === volumeRows[0].subject)).toBe(true);
    expect(Number(volumeRows[0].value).toFixed(1)).toBe(live.core.toFixed(1));
    expect(Number(volumeRows[1].value).toFixed(1)).toBe(live.hypo.toFixed(1));
    expect(Number(volumeRows[2].value).toFixed(1)).toBe(live.mismatch.toFixed(1));
    expect(Number(volumeRows[3].value)).toBeCloseTo(Number(volumeRows[1].value) / Number(volumeRows[0].value), 6);
    const savedProvenance = (JSON.parse(before.provenance) as { subjects: { studies: { perfusionVolumes: { thresholds: { coreRelativeCbf: number; hypoperfusedTmaxS: number }; fitId: string; referenceSide: string }[] }[] }[] }).subjects[0].studies.flatMap((st) => st.perfusionVolumes);
    expect(savedProvenance).toHaveLength(1);
    expect(savedProvenance[0].thresholds).toMatchObject({ coreRelativeCbf: 0.3, hypoperfusedTmaxS: 6 });
    expect(savedProvenance[0].referenceSide).toBe('-');
    expect(provenance.subjects[0].studies.flatMap((st) => st.series).some((se) => (se.fit as { fitId?: string } | null)?.fitId === savedProvenance[0].fitId)).toBe(true);
    await session.screenshot('64-perfusion-export');
    await page.getByRole('dialog', { name: 'Trial export' }).getByRole('button', { name: 'Close export' }).click();

    // Reload and reopen: nothing is computed, the export is the same record.
    await page.reload();
    await page.getByLabel('Folder input').setInputFiles(demoFolder);
    await study14(page).getByRole('treeitem', { name: /^Series .*PERFUSION/ }).click({ timeout: 60_000 });
    await page.getByRole('region', { name: `ROI ${roiName}`, exact: true }).waitFor({ timeout: 60_000 });
    await expect(roiMean(page, roiName, 'PS')).resolves.toBe(psIpsi);
    const after = await exportRecord(session);
    expect(after.long).toBe(before.long);
    expect(withoutExportTime(after.provenance)).toEqual(withoutExportTime(before.provenance));
    // The maps computed again after the reopen: the panel shows the saved volumes as the record holds them, on earlier maps.
    await page.getByRole('dialog', { name: 'Trial export' }).getByRole('button', { name: 'Close export' }).click();
    await page.getByRole('button', { name: 'Compute perfusion' }).click();
    await page.getByLabel('Saved volumes differ').waitFor({ timeout: 120_000 });
    await expect(page.getByLabel('Saved volumes differ').innerText()).resolves.toMatch(/^The maps were computed again since the save\. Saved by e2e-reader/);
    await expect(volumeOf(page, 'Saved core volume')).resolves.toBe(live.core);
    await expect(volumeOf(page, 'Saved mismatch volume')).resolves.toBe(live.mismatch);
    session.assertNoProblems();
  });
});
