import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../helpers/sharedData';
import { appSuite, distDir, type AppSession } from './harness';
import { download, drag, gotoLocation, lastBidirectionalId, pagePoint, settledAB, sliceLocation } from './measureHelpers';

/**
 * Sources untouched, full browser session: a temporary copy of a study folder (outside the repo,
 * writable, so a write would succeed and be seen) is hashed — sha256, size, mtime and mode of every
 * file, and the listing of every folder — then opened in the app through the folder input and used
 * for a whole reading session: index, DTI fit, ellipse ROI drawn on MD and mirrored, Bidirectional +
 * first/last slice → ABC/2, trial export of every CSV and the provenance JSON (downloads). After the
 * browser is closed the folder must hash identically. The app offers no NIfTI download, so none is
 * exported here (the desktop counterpart exports the FA NIfTI through export:save).
 * Run on the demo study (always) and on the real Philips DTI series (when the shared data is present).
 */

const demoFolder = join(distDir, 'demo', 'DEMO-001');
const demoBuilt = existsSync(join(distDir, 'demo', 'ground-truth.json'));
if (!demoBuilt) console.warn(`${distDir}/demo missing (npm run demo, then vite build): demo sources e2e skipped`);
if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);
const philipsFolder = join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom');

type Vec3 = [number, number, number];

const suite = appSuite();
const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A writable copy of `folder` under the OS temp dir (never inside the repository). */
function copyOf(folder: string, name: string): string {
  const work = mkdtempSync(join(tmpdir(), 'sources-e2e-'));
  copies.push(work);
  const dest = join(work, name);
  cpSync(folder, dest, { recursive: true });
  const writable = (dir: string) => {
    chmodSync(dir, 0o755);
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) writable(join(dir, e.name));
      else chmodSync(join(dir, e.name), 0o644);
    }
  };
  writable(dest);
  return dest;
}

/** Every entry under `dir`: files → sha256 size mtime mode; folders (and the root) → mtime mode, so any added or removed entry shows. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = { '.': `dir ${statSync(dir).mtimeMs} ${statSync(dir).mode.toString(8)}` };
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(dir, name);
    const info = lstatSync(path);
    out[name] = info.isDirectory()
      ? `dir ${info.mtimeMs} ${info.mode.toString(8)}`
      : `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${info.size} ${info.mtimeMs} ${info.mode.toString(8)}`;
  }
  return out;
}

const viewport1 = (page: Page) => page.getByRole('region', { name: 'Viewport 1' });

const measurementKinds = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __dtiMeasure: { state(): { measurements: { payload: { kind: string } }[] } } }).__dtiMeasure.state().measurements.map((m) => m.payload.kind),
  );

/**
 * Everything a reader does in one sitting on `folder`: open, pick the DTI series, fit, ellipse on MD
 * around `lesion` (a point and two in-plane semi-axis ends, page pixels), mirror, Bidirectional
 * across it, first/last slice two slices apart → ABC/2, then every trial export download.
 */
async function fullSession(
  s: AppSession,
  folder: string,
  series: (page: Page) => Locator,
  lesion: (page: Page) => Promise<{ centre: { x: number; y: number }; edge: { x: number; y: number } }>,
  shot: string,
) {
  const { page } = s;
  await page.getByLabel('Folder input').setInputFiles(folder);
  await series(page).first().click({ timeout: 120_000 });
  await page.getByLabel('Reader').fill('e2e-reader');
  await page.getByRole('button', { name: 'Compute DTI' }).click();
  await viewport1(page).getByLabel('Map shown').filter({ hasText: 'FA · axial' }).waitFor({ timeout: 240_000 });
  await page.getByRole('button', { name: 'MD', exact: true }).click();
  await viewport1(page).getByLabel('Map shown').filter({ hasText: 'MD · axial' }).waitFor();
  await page.getByLabel('Reader').blur();

  const { centre, edge } = await lesion(page);
  await page.keyboard.press('e');
  await expect.poll(() => page.getByRole('button', { name: 'Ellipse' }).getAttribute('aria-pressed')).toBe('true');
  await drag(page, centre, edge);
  const roi = page.getByRole('region', { name: /^ROI / }).first();
  await roi.getByLabel('MD statistics').waitFor();
  const md = Number((await roi.getByLabel('MD statistics').locator('td').first().innerText()).trim());
  // Tissue MD in the trial unit (10⁻⁶ mm²/s): brain parenchyma lies between 200 and 3500.
  expect(md).toBeGreaterThan(200);
  expect(md).toBeLessThan(3500);
  await roi.getByRole('button', { name: 'Mirror' }).click();
  await page.getByLabel('Ratio rMD').waitFor({ timeout: 60_000 });
  await s.screenshot(`${shot}-roi-mirror`);

  await page.keyboard.press('d');
  await expect.poll(() => page.getByRole('button', { name: 'Bidirectional' }).getAttribute('aria-pressed')).toBe('true');
  // Long axis through the ROI along the viewport's vertical, twice the ellipse's extent.
  const dy = Math.max(Math.abs(edge.y - centre.y), 15);
  await drag(page, { x: centre.x, y: centre.y - 2 * dy }, { x: centre.x, y: centre.y + 2 * dy });
  await expect.poll(() => measurementKinds(page)).toContain('bidirectional');
  await settledAB(page, await lastBidirectionalId(page));
  await page.getByRole('button', { name: 'First slice here' }).click();
  const first = await sliceLocation(page);
  for (let i = 0; i < 2; i++) {
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => sliceLocation(page)).not.toBe(first);
  }
  await page.getByRole('button', { name: 'Last slice here' }).click();
  const volume = Number(/ABC\/2 ([\d.]+) mL/.exec(await page.getByLabel('ABC/2 volume').innerText())?.[1]);
  expect(volume).toBeGreaterThan(0);
  const rMD = Number(/rMD (\d+\.\d+)/.exec(await page.getByLabel('Ratio rMD').innerText())?.[1]);
  await s.screenshot(`${shot}-measured`);

  await page.getByRole('button', { name: 'Trial export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Trial export' });
  await dialog.waitFor();
  await dialog.getByLabel('Trial key').fill('e2e-trial-key');
  const long = await download(s, 'Export long CSV');
  expect(long.name).toMatch(/_long\.csv$/);
  const rows = long.text.split(/\r?\n/).filter((l) => l.trim() !== '');
  // Header plus, for the ROI and its mirror, a row per map and statistic at least (FA, MD, AD, RD).
  expect(rows[0]).toBe('subject,timepoint,roi_role,roi_name,map,statistic,value,unit');
  expect(rows.length).toBeGreaterThan(8);
  // The session's numbers reach the export: the ipsi/contra MD ratio and the ABC/2 volume (mL).
  const cells = rows.map((r) => r.split(','));
  const ratio = cells.find((c) => c[2] === 'ipsi/contra' && c[4] === 'MD' && c[5] === 'mean_ratio');
  expect(Number(ratio?.[6])).toBeCloseTo(rMD, 2);
  const abc2 = cells.find((c) => c[2] === 'lesion' && c[5] === 'abc2');
  expect(abc2, `no ABC/2 lesion row in the long CSV:\n${long.text}`).toBeDefined();
  expect(Number(abc2![6])).toBeCloseTo(volume, 2);
  for (const button of ['Export wide CSV', 'Export longitudinal CSV', 'Export provenance JSON']) {
    const file = await download(s, button);
    expect(file.text.length).toBeGreaterThan(10);
  }
  await s.screenshot(`${shot}-exported`);
  s.assertNoProblems();
}

describe('source folders stay untouched by a full browser session', () => {
  it.skipIf(!demoBuilt)('demo study copy: index, fit, ROI + mirror, ABC/2, exports → every file and listing identical', async () => {
    const folder = copyOf(demoFolder, 'DEMO-001');
    const before = snapshot(folder);
    expect(Object.keys(before).length).toBeGreaterThan(100);
    const truth = JSON.parse(readFileSync(join(distDir, 'demo', 'ground-truth.json'), 'utf8')) as {
      studies: { label: string; series: { modality: string; spacingMm?: Vec3; infarct?: { centreLPS: Vec3; radiiMm: Vec3 } }[] }[];
    };
    const dti = truth.studies.find((st) => st.label === '24h')!.series.find((se) => se.modality === 'MR')!;
    const infarct = dti.infarct!;
    const session = await suite.open();
    await fullSession(
      session,
      folder,
      (page) => page.getByRole('treeitem', { name: 'Study MRI BRAIN STROKE 24H' }).getByRole('treeitem', { name: /^Series .*DTI/ }),
      async (page) => {
        // The slice nearest the infarct centre; there the in-plane centre and 2/3 of its semi-axes.
        const [cx, cy, cz] = infarct.centreLPS;
        const loc = await gotoLocation(page, cz, dti.spacingMm![2]);
        const [rx, ry] = infarct.radiiMm;
        return { centre: await pagePoint(page, [cx, cy, loc]), edge: await pagePoint(page, [cx + (2 * rx) / 3, cy + (2 * ry) / 3, loc]) };
      },
      'sources-demo',
    );
    await session.close();
    expect(snapshot(folder)).toEqual(before);
  });

  it.skipIf(!hasSharedDicom)('real Philips DTI series copy: same session → every file and listing identical', async () => {
    const folder = copyOf(philipsFolder, 'philips_701');
    const before = snapshot(folder);
    expect(Object.keys(before).length).toBe(548); // the folder's 547 files and '.'
    const session = await suite.open();
    await fullSession(
      session,
      folder,
      (page) => page.getByRole('treeitem', { name: /^Series .*DTI/ }),
      async (page) => {
        // 60 px left of the matrix centre lies in the brain on this axial series, clear of the
        // midline so the mirror does not overlap it: a 20 × 15 px ellipse there.
        const box = (await page.getByTestId('viewport-element-0').boundingBox())!;
        const centre = { x: box.x + box.width / 2 - 60, y: box.y + box.height / 2 };
        return { centre, edge: { x: centre.x + 20, y: centre.y + 15 } };
      },
      'sources-philips',
    );
    await session.close();
    expect(snapshot(folder)).toEqual(before);
  });
});

/**
 * The guard every e2e relies on, proven: the built page enforces its CSP (an injected inline script
 * and a request to another origin are blocked and reported) and the harness turns a CSP violation or a
 * console error into a failure. Removing the CSP meta or the harness's listeners fails this.
 */
describe('e2e problem collectors', () => {
  it('a blocked inline script, a blocked foreign request and a console error each fail assertNoProblems', async () => {
    const s = await suite.open();
    await s.page.getByRole('button', { name: 'Open demo' }).waitFor();
    s.assertNoProblems();
    const ran = await s.page.evaluate(async () => {
      const w = window as unknown as { __inlineRan?: boolean };
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.head.appendChild(script);
      const fetched = await fetch('https://example.invalid/exfiltrate').then(
        () => 'fetched',
        () => 'blocked',
      );
      return { inline: w.__inlineRan === true, fetched };
    });
    expect(ran).toEqual({ inline: false, fetched: 'blocked' });
    await expect.poll(() => s.problems.cspViolations.length).toBeGreaterThanOrEqual(2);
    expect(s.problems.cspViolations.some((v) => v.startsWith('script-src'))).toBe(true);
    expect(s.problems.cspViolations.some((v) => v.startsWith('connect-src') && v.includes('example.invalid'))).toBe(true);
    expect(() => s.assertNoProblems()).toThrow(/CSP violation: script-src/);
    // Chromium also logs each refusal as a console error; cleared so the next step stands alone.
    s.problems.cspViolations.length = 0;
    s.problems.consoleErrors.length = 0;
    await s.page.evaluate(() => console.error('deliberate e2e console error'));
    await expect.poll(() => s.problems.consoleErrors.length).toBe(1);
    expect(() => s.assertNoProblems()).toThrow(/console error: deliberate e2e console error/);
    // A named exemption covers exactly that message, nothing else.
    expect(() => s.assertNoProblems([/^deliberate e2e console error$/])).not.toThrow();
    s.problems.consoleErrors.length = 0;
  });
});
