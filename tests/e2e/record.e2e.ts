import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readCsvObjects } from '../unit/export/readCsv';
import { appSuite, distDir, type AppSession } from './harness';
import { download, drag, gotoLocation, pagePoint, sliceLocation } from './measureHelpers';

/**
 * The case record in Chromium on the demo study: ROI + mirror on the 24 h and day-14 DTI, ABC/2
 * on the 24 h DWI and the day-14 CT, export; reload, reopen and export again without computing
 * any map: the same files apart from the export time. Then ABC/2 re-measured on both series
 * (one record per series), renamed and deleted; the panels follow the series on screen.
 */
const demoBuilt = existsSync(join(distDir, 'demo', 'ground-truth.json'));
if (!demoBuilt) console.warn(`${distDir}/demo missing (npm run demo, then vite build): case record e2e skipped`);
const demoFolder = join(distDir, 'demo', 'DEMO-001');

type Vec3 = [number, number, number];
interface Truth {
  studies: {
    label: string;
    series: {
      modality: string;
      infarct?: { centreLPS: Vec3; radiiMm: Vec3 };
      infarctHypodense?: { centreLPS: Vec3; radiiMm: Vec3 };
      spacingMm?: Vec3;
      affineVoxelToLps?: number[];
    }[];
  }[];
}

const suite = appSuite();
let session: AppSession | null = null;

const viewport1 = (page: Page) => page.getByRole('region', { name: 'Viewport 1' });
const study24h = (page: Page) => page.getByRole('treeitem', { name: 'Study MRI BRAIN STROKE 24H' });
const study14 = (page: Page) => page.getByRole('treeitem', { name: 'Study MRI+CT BRAIN STROKE DAY 14' });

/** Computes the maps of the series selected and shows MD. */
async function computeMd(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Compute DTI' }).click();
  await viewport1(page).getByLabel('Map shown').filter({ hasText: 'FA · axial' }).waitFor({ timeout: 240_000 });
  await page.getByRole('button', { name: 'MD', exact: true }).click();
  await viewport1(page).getByLabel('Map shown').filter({ hasText: 'MD · axial' }).waitFor();
}

/** An ellipse over the infarct on the MD map (semi-axes 2/3 of its radii), then its mirror. */
async function roiAndMirror(page: Page, centre: Vec3, radii: Vec3, spacing: number, name: string): Promise<number> {
  const [cx, cy, cz] = centre;
  const loc = await gotoLocation(page, cz, spacing);
  await page.keyboard.press('e');
  await drag(page, await pagePoint(page, [cx, cy, loc]), await pagePoint(page, [cx + (2 * radii[0]) / 3, cy + (2 * radii[1]) / 3, loc]));
  const core = page.getByRole('region', { name: `ROI ${name}`, exact: true });
  await core.getByLabel('MD statistics').waitFor();
  await core.getByRole('button', { name: 'Mirror' }).click();
  await page.getByRole('region', { name: `ROI ${name} (mirror)`, exact: true }).getByLabel('MD statistics').waitFor({ timeout: 60_000 });
  await page.keyboard.press('w');
  return loc;
}

/** A Bidirectional along P over the lesion (2·ry long) on `viewportId`, then first/last marked images ±rz around its centre. */
async function abc2(page: Page, viewportId: string, centre: Vec3, radii: Vec3, spacing: number): Promise<string> {
  const [cx, cy, cz] = centre;
  const loc = await gotoLocation(page, cz, spacing);
  await page.keyboard.press('d');
  await drag(page, await pagePoint(page, [cx, cy - radii[1], loc], viewportId), await pagePoint(page, [cx, cy + radii[1], loc], viewportId));
  await page.keyboard.press('w');
  await expect.poll(() => page.getByLabel('ABC/2 A').innerText()).toMatch(/A \d+\.\d mm/);
  const first = Math.ceil((cz - radii[2] - loc) / spacing + 1e-9);
  const last = Math.floor((cz + radii[2] - loc) / spacing - 1e-9);
  await gotoLocation(page, loc + first * spacing, spacing);
  await page.getByRole('button', { name: 'First slice here' }).click();
  await gotoLocation(page, loc + last * spacing, spacing);
  await page.getByRole('button', { name: 'Last slice here' }).click();
  await expect.poll(() => page.getByLabel('ABC/2 volume').innerText()).toMatch(/ABC\/2 \d+\.\d\d mL/);
  return page.getByLabel('ABC/2 volume').innerText();
}

/** The four tables as downloaded one by one from the export dialog (trial key typed first). */
async function exportTables(s: AppSession): Promise<Record<string, string>> {
  const { page } = s;
  await page.getByRole('button', { name: 'Trial export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Trial export' });
  await dialog.getByLabel('Trial key').fill('e2e-record-key');
  await dialog.getByRole('table', { name: 'Measurements' }).waitFor();
  const out: Record<string, string> = {};
  for (const [label, key] of [
    ['Export long CSV', 'long'],
    ['Export wide CSV', 'wide'],
    ['Export longitudinal CSV', 'longitudinal'],
    ['Export provenance JSON', 'provenance'],
  ] as const)
    out[key] = (await download(s, label)).text;
  return out;
}

async function closeExport(page: Page): Promise<void> {
  await page.getByRole('dialog', { name: 'Trial export' }).getByRole('button', { name: 'Close export' }).click();
}

/** Provenance JSON without its export time: the only field two exports of one record may differ in. */
function withoutExportTime(provenance: string): unknown {
  const { exportedAt: _exportedAt, ...rest } = JSON.parse(provenance) as { exportedAt: string };
  return rest;
}

describe.skipIf(!demoBuilt)('the case record on the demo study in Chromium', () => {
  it('exports the same record before and after a reload without recomputing; ABC/2 one per series, renamed and deleted; panels follow the viewport; map switches keep the slice', async () => {
    const truth = JSON.parse(readFileSync(join(distDir, 'demo', 'ground-truth.json'), 'utf8')) as Truth;
    const dti24 = truth.studies.find((s) => s.label === '24h')!.series.find((s) => s.modality === 'MR')!;
    const dti14 = truth.studies.find((s) => s.label === 'day14')!.series.find((s) => s.modality === 'MR')!;
    const ct = truth.studies.find((s) => s.label === 'day14')!.series.find((s) => s.modality === 'CT')!;
    const spacing = dti24.spacingMm![2];
    const ctSpacing = ct.affineVoxelToLps![10];

    session = await suite.open();
    const { page } = session;
    await page.getByLabel('Folder input').setInputFiles(demoFolder);
    await study24h(page).getByRole('treeitem', { name: /^Series .*DTI/ }).first().click({ timeout: 60_000 });
    await page.getByLabel('Reader').fill('e2e-reader');
    await page.getByLabel('Reader').blur();

    // 24 h: ROI + mirror on MD, ABC/2 on the DWI's maps.
    await computeMd(page);
    const loc24 = await roiAndMirror(page, dti24.infarct!.centreLPS, dti24.infarct!.radiiMm, spacing, 'Infarct core 24 h');
    // Switching map (MD → FA → Images) keeps the slice on screen.
    await page.getByRole('button', { name: 'FA', exact: true }).click();
    await viewport1(page).getByLabel('Map shown').filter({ hasText: 'FA · axial' }).waitFor();
    await expect.poll(() => sliceLocation(page)).toBeCloseTo(loc24, 3);
    await page.getByRole('button', { name: 'MD', exact: true }).click();
    await viewport1(page).getByLabel('Map shown').filter({ hasText: 'MD · axial' }).waitFor();
    await expect.poll(() => sliceLocation(page)).toBeCloseTo(loc24, 3);
    // Map → Images keeps the slice and its number ("Im" counts the same way on both); one key steps the same way on both.
    const imOnMap = await viewport1(page).getByLabel('Slice', { exact: true }).innerText();
    await page.getByRole('button', { name: 'Images', exact: true }).click();
    await viewport1(page).getByLabel('Map shown').waitFor({ state: 'detached' });
    await expect.poll(() => sliceLocation(page)).toBeCloseTo(loc24, 3);
    await expect(viewport1(page).getByLabel('Slice', { exact: true }).innerText()).resolves.toBe(imOnMap);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => sliceLocation(page)).not.toBeCloseTo(loc24, 3);
    const stepOnImages = (await sliceLocation(page)) - loc24;
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => sliceLocation(page)).toBeCloseTo(loc24, 3);
    await page.getByRole('button', { name: 'MD', exact: true }).click();
    await viewport1(page).getByLabel('Map shown').filter({ hasText: 'MD · axial' }).waitFor();
    await expect.poll(() => sliceLocation(page)).toBeCloseTo(loc24, 3);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => sliceLocation(page)).not.toBeCloseTo(loc24, 3);
    expect(Math.sign((await sliceLocation(page)) - loc24)).toBe(Math.sign(stepOnImages));
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => sliceLocation(page)).toBeCloseTo(loc24, 3);
    // The wheel too: one notch down steps the map the way ArrowDown steps the images, one up steps back.
    const mapBox = (await page.getByTestId('viewport-element-0').boundingBox())!;
    await page.mouse.move(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
    await page.mouse.wheel(0, 120);
    await expect.poll(() => sliceLocation(page)).not.toBeCloseTo(loc24, 3);
    expect(Math.sign((await sliceLocation(page)) - loc24)).toBe(Math.sign(stepOnImages));
    await page.mouse.wheel(0, -120);
    await expect.poll(() => sliceLocation(page)).toBeCloseTo(loc24, 3);
    const volume24 = await abc2(page, 'viewport-0-map', dti24.infarct!.centreLPS, dti24.infarct!.radiiMm, spacing);

    // Day 14: ROI + mirror on its own maps; the side panel shows day 14's statistics, not 24 h's.
    await study14(page).getByRole('treeitem', { name: /^Series .*DTI/ }).first().click();
    await computeMd(page);
    await roiAndMirror(page, dti14.infarct!.centreLPS, dti14.infarct!.radiiMm, spacing, 'Infarct core day 14');
    await expect(page.getByLabel('ROI table series').innerText()).resolves.toMatch(/^day 14 · DTI/);
    await expect(page.getByRole('region', { name: 'ROI Infarct core 24 h', exact: true }).count()).resolves.toBe(0);
    await expect(page.getByLabel('ABC/2 series').innerText()).resolves.toMatch(/^day 14 · DTI/);
    await expect(page.getByLabel('ABC/2 volume').innerText()).resolves.toBe('ABC/2 –');
    await session.screenshot('50-record-day14-panel');

    // Day-14 CT: ABC/2 on the stack.
    await study14(page).getByRole('treeitem', { name: /^Series .*NCCT/ }).click();
    await viewport1(page).getByLabel('Slice location').waitFor();
    const volumeCt = await abc2(page, 'viewport-0', ct.infarctHypodense!.centreLPS, ct.infarctHypodense!.radiiMm, ctSpacing);
    await expect(page.getByLabel('ABC/2 series').innerText()).resolves.toMatch(/^day 14 · NCCT/);

    const before = await exportTables(session);
    const long = readCsvObjects(before.long);
    // 4 ROIs × 5 maps, every statistic; two ABC/2 lesions with the panel's volumes.
    expect(long.filter((r) => r.statistic === 'mean' && r.roi_role !== 'ipsi/contra')).toHaveLength(20);
    const abc2Rows = long.filter((r) => r.statistic === 'abc2');
    expect(abc2Rows.map((r) => [r.timepoint, Number(r.value).toFixed(2)]).sort()).toEqual(
      [['24 h', /([\d.]+) mL/.exec(volume24)![1]], ['day 14', /([\d.]+) mL/.exec(volumeCt)![1]]].sort(),
    );
    // The lesion table says how each ABC/2 was measured; the planimetric volume of the 24 h DWI is there although day 14 is on screen.
    const lesionRows = await page.getByRole('table', { name: 'Lesion volumes' }).locator('tbody tr').allInnerTexts();
    expect(lesionRows.some((t) => /24 h\tABC\/2\tMR\tslices\t\d+–\d+\t[\d.]+\t[\d.]+/.test(t))).toBe(true);
    expect(lesionRows.some((t) => /day 14\tABC\/2\tCT\tslices\t\d+–\d+\t[\d.]+/.test(t))).toBe(true);
    const provenance = JSON.parse(before.provenance) as { subjects: { studies: { reader: string; rois: { fitId: string }[]; series: { fit: { fitId: string } | null }[] }[] }[] };
    for (const st of provenance.subjects[0].studies) {
      expect(st.reader).toBe('e2e-reader');
      for (const r of st.rois) expect(st.series.some((se) => se.fit?.fitId === r.fitId)).toBe(true);
    }
    await session.screenshot('51-record-export-before');
    await closeExport(page);

    // Reload and reopen: no map is computed, yet the export is the same record.
    await page.reload();
    await page.getByLabel('Folder input').setInputFiles(demoFolder);
    await study24h(page).getByRole('treeitem', { name: /^Series .*DTI/ }).first().click({ timeout: 60_000 });
    await page.getByRole('region', { name: 'ROI Infarct core 24 h', exact: true }).waitFor({ timeout: 60_000 });
    await expect(page.getByRole('region', { name: 'ROI Infarct core 24 h', exact: true }).getByLabel('Stored statistics').innerText()).resolves.toMatch(/^Stored values \(WLS fit of .*\); maps not loaded$/);
    // The panel shows the stored ABC/2 of the series on screen, C and volume included.
    await expect(page.getByLabel('ABC/2 volume').innerText()).resolves.toBe(volume24);
    await expect(page.getByLabel('ABC/2 C').innerText()).resolves.toMatch(/^C \d+\.\d mm$/);
    await session.screenshot('52-record-reopened');
    const after = await exportTables(session);
    expect(after.long).toBe(before.long);
    expect(after.wide).toBe(before.wide);
    expect(after.longitudinal).toBe(before.longitudinal);
    expect(withoutExportTime(after.provenance)).toEqual(withoutExportTime(before.provenance));
    await closeExport(page);

    // Re-measure ABC/2 on both series after the reload: each updates its one record.
    const [cx, cy, cz] = dti24.infarct!.centreLPS;
    const loc = await gotoLocation(page, cz, spacing);
    await page.keyboard.press('d');
    await drag(page, await pagePoint(page, [cx, cy - 4, loc], 'viewport-0'), await pagePoint(page, [cx, cy + 4, loc], 'viewport-0'));
    await page.keyboard.press('w');
    await expect.poll(() => page.getByLabel('ABC/2 A').innerText()).toMatch(/^A [78]\.\d mm$/);
    const remeasured24 = await page.getByLabel('ABC/2 volume').innerText();
    await study14(page).getByRole('treeitem', { name: /^Series .*NCCT/ }).click();
    await viewport1(page).getByLabel('Slice location').waitFor();
    const [kx, ky, kz] = ct.infarctHypodense!.centreLPS;
    const ctLoc = await gotoLocation(page, kz, ctSpacing);
    await page.keyboard.press('d');
    await drag(page, await pagePoint(page, [kx, ky - 5, ctLoc], 'viewport-0'), await pagePoint(page, [kx, ky + 5, ctLoc], 'viewport-0'));
    await page.keyboard.press('w');
    await expect.poll(() => page.getByLabel('ABC/2 A').innerText()).toMatch(/^A (9|10)\.\d mm$/);
    const remeasuredCt = await page.getByLabel('ABC/2 volume').innerText();
    const again = readCsvObjects((await exportTables(session)).long).filter((r) => r.statistic === 'abc2');
    expect(again.map((r) => [r.timepoint, Number(r.value).toFixed(2)]).sort()).toEqual(
      [['24 h', /([\d.]+) mL/.exec(remeasured24)![1]], ['day 14', /([\d.]+) mL/.exec(remeasuredCt)![1]]].sort(),
    );
    await closeExport(page);

    // Rename the CT's ABC/2, delete the 24 h one: the export follows.
    await page.getByLabel('ABC/2 name').fill('CT lesion');
    await study24h(page).getByRole('treeitem', { name: /^Series .*DTI/ }).first().click();
    await expect(page.getByLabel('ABC/2 series').innerText()).resolves.toMatch(/^24 h · DTI/);
    await page.getByRole('button', { name: 'Delete ABC/2' }).click();
    await expect(page.getByLabel('ABC/2 volume').innerText()).resolves.toBe('ABC/2 –');
    const last = readCsvObjects((await exportTables(session)).long).filter((r) => r.statistic === 'abc2');
    expect(last.map((r) => [r.timepoint, r.roi_name])).toEqual([['day 14', 'CT lesion']]);
    await session.screenshot('53-record-renamed-deleted');
    session.assertNoProblems();
  });
});
