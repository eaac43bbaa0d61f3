import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appSuite, distDir, type AppSession } from './harness';
import { drag, gotoLocation, lastBidirectionalId, pagePoint, settledAB, type Vec3 } from './measureHelpers';

/**
 * ABC/2 on a perfusion lesion, as on DWI and CT: on the day-14 CTP's CBF map (a map viewport of
 * the perfusion computation), a Bidirectional across the infarct gives A and B, the first and last
 * 10 mm slices give C, and the record keeps it as the CTP series' ABC/2 (modality CT).
 */
const demoBuilt = existsSync(join(distDir, 'demo', 'ground-truth.json'));
if (!demoBuilt) console.warn(`${distDir}/demo missing (npm run demo, then vite build): perfusion ABC/2 e2e skipped`);
const demoFolder = join(distDir, 'demo', 'DEMO-001');

interface Truth {
  studies: { label: string; series: { kind?: string; seriesInstanceUID?: string; affineVoxelToLps?: number[]; infarct?: { centreLPS: Vec3; radiiMm: Vec3 } }[] }[];
}
interface HookMeasurement {
  id: string;
  key: { seriesInstanceUID: string };
  payload: { kind: string; aMm?: number; bMm?: number; cMm?: number; volumeMl?: number; modality?: string; cMethod?: string };
}

const suite = appSuite();
let session: AppSession | null = null;
const viewport1 = (page: Page) => page.getByRole('region', { name: 'Viewport 1' });
const measurements = (page: Page) =>
  page.evaluate(() => (window as unknown as { __dtiMeasure: { state(): { measurements: HookMeasurement[] } } }).__dtiMeasure.state().measurements);

describe.skipIf(!demoBuilt)('ABC/2 on the perfusion maps in Chromium', () => {
  it('Bidirectional on the CBF map + marked CTP slices → ABC/2 of the CTP series, recorded as CT', async () => {
    const truth = JSON.parse(readFileSync(join(distDir, 'demo', 'ground-truth.json'), 'utf8')) as Truth;
    const day14 = truth.studies.find((s) => s.label === 'day14')!;
    const ctp = day14.series.find((s) => s.kind === 'ctp')!;
    const infarct = day14.series.find((s) => s.infarct)!.infarct!;
    const sliceMm = ctp.affineVoxelToLps![10];
    const [cx, cy, cz] = infarct.centreLPS;
    const [rx, ry, rz] = infarct.radiiMm;

    session = await suite.open();
    const { page } = session;
    await page.getByLabel('Folder input').setInputFiles(demoFolder);
    await page.getByRole('treeitem', { name: 'Study MRI+CT BRAIN STROKE DAY 14' }).getByRole('treeitem', { name: /^Series .*PERFUSION/ }).click({ timeout: 60_000 });
    await page.getByLabel('Reader').fill('e2e-reader');
    await page.getByLabel('Reader').blur();
    await viewport1(page).getByLabel('Slice location').waitFor();
    await page.getByRole('button', { name: 'Compute perfusion' }).click();
    await viewport1(page).getByLabel('Map shown').filter({ hasText: 'CBF · axial' }).waitFor({ timeout: 120_000 });

    // The infarct's cross-section on the slice 4 mm below its centre: radii × √(1 − (4/rz)²).
    const loc = await gotoLocation(page, cz - 4, sliceMm);
    const shrink = Math.sqrt(1 - ((loc - cz) / rz) ** 2);
    const at = (p: Vec3) => pagePoint(page, p);
    await page.keyboard.press('d');
    await drag(page, await at([cx, cy - ry * shrink, loc]), await at([cx, cy + ry * shrink, loc]));
    const id = await lastBidirectionalId(page);
    const bi = (await measurements(page)).find((m) => m.id === id)! as unknown as { payload: { short: Vec3[] } };
    for (const end of bi.payload.short) await drag(page, await at(end), await at([cx + Math.sign(end[0] - cx) * rx * shrink, cy, loc]));
    await page.keyboard.press('w');
    const { a, b } = await settledAB(page, id);
    // A = 2·ry', B = 2·rx' within 2 mm (under a 3.5 mm map voxel): the short axis' second end moves
    // under Cornerstone's perpendicular constraint while the first is dragged.
    expect(Math.abs(a - 2 * ry * shrink)).toBeLessThanOrEqual(2);
    expect(Math.abs(b - 2 * rx * shrink)).toBeLessThanOrEqual(2);

    // C from the first and last 10 mm CTP slices the infarct is on.
    const first = Math.ceil((cz - rz - loc) / sliceMm + 1e-9);
    const last = Math.floor((cz + rz - loc) / sliceMm - 1e-9);
    expect(last).toBeGreaterThan(first);
    await gotoLocation(page, loc + first * sliceMm, sliceMm);
    await page.getByRole('button', { name: 'First slice here' }).click();
    await gotoLocation(page, loc + last * sliceMm, sliceMm);
    await page.getByRole('button', { name: 'Last slice here' }).click();
    const c = Number(/C ([\d.]+) mm/.exec(await page.getByLabel('ABC/2 C').innerText())?.[1]);
    expect(c).toBeCloseTo((last - first + 1) * sliceMm, 1);
    const volume = Number(/ABC\/2 ([\d.]+) mL/.exec(await page.getByLabel('ABC/2 volume').innerText())?.[1]);
    expect(volume).toBeCloseTo((a * b * c) / 2000, 1);
    await session.screenshot('65-perfusion-abc2');

    // The record: one ABC/2 of the CTP series, modality CT, C from slices, the numbers shown.
    await expect
      .poll(async () => (await measurements(page)).filter((m) => m.payload.kind === 'abc2').map((m) => [m.key.seriesInstanceUID, m.payload.modality, m.payload.cMethod]))
      .toEqual([[ctp.seriesInstanceUID, 'CT', 'slices']]);
    const abc2 = (await measurements(page)).find((m) => m.payload.kind === 'abc2')!;
    expect(abc2.payload.cMm).toBeCloseTo(c, 1);
    expect(abc2.payload.volumeMl!.toFixed(2)).toBe(volume.toFixed(2));
    session.assertNoProblems();
  });
});
