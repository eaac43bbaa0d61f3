import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { indexFolder } from '../../src/cli/indexFolder';
import { writeSyntheticDtiStudy } from '../fixtures/syntheticStudy';
import { hasOrthanc, orthancSkipMessage, startOrthanc, type RunningOrthanc } from '../helpers/orthanc';
import { canvasStats, DICOMWEB_PROXY_PREFIX, distDir, openApp, serveDist, type AppSession } from './harness';
import { drag, gotoLocation, pagePoint, type Vec3 } from './measureHelpers';

if (!hasOrthanc) console.warn(orthancSkipMessage);
const demoBuilt = existsSync(join(distDir, 'demo', 'ground-truth.json'));
if (!demoBuilt) console.warn(`${distDir}/demo missing (npm run demo, then vite build): DICOMweb round trip of the demo skipped`);
/** The demo's 24 h study (one DTI series), as the scanner would have sent it to the PACS. */
const demo24h = join(distDir, 'demo', 'DEMO-001', '20240312_24h');

const USER = { name: 'reader', password: 'e2e secret' };

/**
 * Open from server in Chromium: a real Orthanc (loopback, basic auth) holding a small synthetic DTI
 * study, reached through the harness's same-origin proxy path as the dev server does it.
 */
describe.skipIf(!hasOrthanc)('Open from a DICOMweb server (Orthanc) in Chromium', () => {
  let orthanc: RunningOrthanc;
  let server: { url: string; close(): Promise<void> };
  let dir: string;
  let session: AppSession | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dti-dicomweb-e2e-'));
    writeSyntheticDtiStudy(dir, { dims: [48, 48, 6], voxelMm: 4, directionCount: 6, uidSeed: 'dicomweb-e2e', patientId: 'WEB-E2E', patientName: 'SERVER^PATIENT', seriesDescription: 'DTI from PACS' });
    orthanc = await startOrthanc({ user: USER });
    const { files } = await indexFolder(dir);
    await orthanc.upload(await Promise.all(files.map((f) => f.read())));
    if (demoBuilt) {
      const demoFiles = readdirSync(demo24h, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      await orthanc.upload(demoFiles.map((e) => new Uint8Array(readFileSync(join(e.parentPath, e.name)))));
    }
    server = await serveDist({ dicomwebTarget: orthanc.restUrl });
  });

  afterEach(async (ctx) => {
    if (session && ctx.task.result?.state === 'fail') await session.screenshot(`FAILED-${ctx.task.name.replace(/\W+/g, '_')}`);
    await session?.close();
    session = null;
  });

  afterAll(async () => {
    await server?.close();
    await orthanc?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function connect(s: AppSession, password: string, patientId = 'WEB-E2E'): Promise<void> {
    const { page } = s;
    await page.getByRole('button', { name: 'Open from server' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open from server' });
    await dialog.getByLabel('DICOMweb URL').fill(`${DICOMWEB_PROXY_PREFIX}dicom-web`);
    await dialog.getByLabel('Authentication').selectOption('basic');
    await dialog.getByLabel('User').fill(USER.name);
    await dialog.getByLabel('Password').fill(password);
    await dialog.getByLabel('Patient ID').fill(patientId);
    await dialog.getByRole('button', { name: 'Search' }).click();
  }

  it('searches the server, opens the study, lists its series and draws an image', async () => {
    session = await openApp(server.url);
    const { page } = session;
    await connect(session, USER.password);
    const dialog = page.getByRole('dialog', { name: 'Open from server' });
    const row = dialog.getByRole('table', { name: 'Studies on the server' }).getByRole('row').nth(1);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/SERVER, PATIENT\s+WEB-E2E\s+2024-03-12/);
    await session.screenshot('dicomweb-01-search');
    await row.getByRole('button', { name: /^Open study/ }).click();
    const series = page.getByRole('treeitem', { name: /^Series / });
    await series.first().waitFor({ timeout: 60_000 });
    await expect(series.count()).resolves.toBe(1);
    const text = await series.innerText();
    expect(text).toContain('DTI from PACS');
    expect(text).toContain('b0/1000 ×6');
    await page.getByRole('region', { name: 'Viewport 1' }).getByLabel('Window level').waitFor();
    let stats = await canvasStats(page, 0);
    for (let i = 0; i < 50 && stats.variance < 1; i++) {
      await page.waitForTimeout(200);
      stats = await canvasStats(page, 0);
    }
    expect(stats.variance).toBeGreaterThan(1);
    await session.screenshot('dicomweb-02-opened');
    // Nothing measured yet: storing results says so, and sends nothing.
    await page.getByRole('button', { name: 'Open from server' }).click();
    const again = page.getByRole('dialog', { name: 'Open from server' });
    await again.getByRole('button', { name: 'Store results to server' }).click();
    await expect(again.getByRole('alert').innerText()).resolves.toBe('Nothing to store: the open study has no ROI, measurement, lesion or fitted map.');
    await session.screenshot('dicomweb-02b-nothing-to-store');
    session.assertNoProblems();
  });

  it('wrong password: the 401 message in the dialog, no study opened', async () => {
    session = await openApp(server.url);
    const { page } = session;
    await connect(session, 'not the password');
    const alert = page.getByRole('dialog', { name: 'Open from server' }).getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(`${DICOMWEB_PROXY_PREFIX}dicom-web refused the credentials while searching studies (HTTP 401 Unauthorized): check the user name and password or the token.`);
    await expect(page.getByRole('treeitem', { name: /^Series / }).count()).resolves.toBe(0);
    // The browser logs the failed request itself (never its credentials).
    session.assertNoProblems([/status of 401/]);
  });

  /** Opens the demo's 24 h study from the server and shows its DTI series. */
  async function openDemoFromServer(s: AppSession): Promise<void> {
    const { page } = s;
    await connect(s, USER.password, 'DEMO-001');
    const row = page.getByRole('dialog', { name: 'Open from server' }).getByRole('table', { name: 'Studies on the server' }).getByRole('row').nth(1);
    await row.waitFor();
    await row.getByRole('button', { name: /^Open study/ }).click();
    await page.getByRole('treeitem', { name: /^Series .*DTI/ }).first().click({ timeout: 120_000 });
  }

  /** What the reader sees of the record: each ROI's statistics on every map, and the ABC/2. */
  async function recordOnScreen(page: Page): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const name of ['Infarct core 24 h', 'Infarct core 24 h (mirror)']) {
      const roi = page.getByRole('region', { name: `ROI ${name}`, exact: true });
      for (const map of ['FA', 'MD', 'AD', 'RD']) out[`${name} ${map}`] = await roi.getByLabel(`${map} statistics`).innerText();
      out[`${name} area`] = await roi.getByLabel('ROI area').innerText();
    }
    for (const label of ['ABC/2 A', 'ABC/2 B', 'ABC/2 C', 'ABC/2 volume']) out[label] = await page.getByLabel(label).innerText();
    return out;
  }

  it.skipIf(!demoBuilt)('round trip: open the demo from Orthanc, measure ROI + mirror + ABC/2, store SEG + SR, reopen in a fresh browser: the same ROIs and numbers', async () => {
    const truth = JSON.parse(readFileSync(join(distDir, 'demo', 'ground-truth.json'), 'utf8')) as { studies: { label: string; series: { modality: string; infarct?: { centreLPS: Vec3; radiiMm: Vec3 }; spacingMm?: Vec3 }[] }[] };
    const dti = truth.studies.find((st) => st.label === '24h')!.series.find((st) => st.modality === 'MR')!;
    const [cx, cy, cz] = dti.infarct!.centreLPS;
    const radii = dti.infarct!.radiiMm;
    const spacing = dti.spacingMm![2];

    session = await openApp(server.url);
    let { page } = session;
    await openDemoFromServer(session);
    await page.getByLabel('Reader').fill('e2e-reader');
    await page.getByLabel('Reader').blur();
    // Maps, then an ellipse over the infarct on MD and its mirror.
    await page.getByRole('button', { name: 'Compute DTI' }).click();
    const viewport1 = page.getByRole('region', { name: 'Viewport 1' });
    await viewport1.getByLabel('Map shown').filter({ hasText: 'FA · axial' }).waitFor({ timeout: 240_000 });
    await page.getByRole('button', { name: 'MD', exact: true }).click();
    await viewport1.getByLabel('Map shown').filter({ hasText: 'MD · axial' }).waitFor();
    const loc = await gotoLocation(page, cz, spacing);
    await page.keyboard.press('e');
    await drag(page, await pagePoint(page, [cx, cy, loc]), await pagePoint(page, [cx + (2 * radii[0]) / 3, cy + (2 * radii[1]) / 3, loc]));
    const core = page.getByRole('region', { name: 'ROI Infarct core 24 h', exact: true });
    await core.getByLabel('MD statistics').waitFor();
    await core.getByRole('button', { name: 'Mirror' }).click();
    await page.getByRole('region', { name: 'ROI Infarct core 24 h (mirror)', exact: true }).getByLabel('MD statistics').waitFor({ timeout: 60_000 });
    await page.keyboard.press('w');
    // ABC/2: a bidirectional across the lesion, first and last marked slices.
    await page.keyboard.press('d');
    await drag(page, await pagePoint(page, [cx, cy - radii[1], loc]), await pagePoint(page, [cx, cy + radii[1], loc]));
    await page.keyboard.press('w');
    await expect.poll(() => page.getByLabel('ABC/2 A').innerText()).toMatch(/A \d+\.\d mm/);
    await gotoLocation(page, loc + Math.ceil((cz - radii[2] - loc) / spacing + 1e-9) * spacing, spacing);
    await page.getByRole('button', { name: 'First slice here' }).click();
    await gotoLocation(page, loc + Math.floor((cz + radii[2] - loc) / spacing - 1e-9) * spacing, spacing);
    await page.getByRole('button', { name: 'Last slice here' }).click();
    await expect.poll(() => page.getByLabel('ABC/2 volume').innerText()).toMatch(/ABC\/2 \d+\.\d\d mL/);
    const before = await recordOnScreen(page);
    expect(before['Infarct core 24 h MD']).toMatch(/\d/);

    // Store SEG + SR (+ maps) back into the study on the server; each STOW-RS answer held back a little so the progress shows.
    await page.route(/\/dicomweb-proxy\/dicom-web\/studies$/, async (route) => {
      if (route.request().method() === 'POST') await new Promise((resolve) => setTimeout(resolve, 500));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Open from server' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open from server' });
    await dialog.getByRole('button', { name: 'Store results to server' }).click();
    const storing = dialog.getByRole('status').filter({ hasText: /^Storing [2-5] of 6 \(DEMO-001_20240312_\w+\.dcm\) · [\d.]+ (kB|MB) sent/ });
    await storing.waitFor({ timeout: 60_000 });
    await expect(dialog.getByLabel('Storing progress').getAttribute('max')).resolves.toBe('6');
    await session.screenshot('dicomweb-03a-storing');
    const stored = dialog.getByRole('status').filter({ hasText: /^Stored/ });
    await stored.waitFor({ timeout: 120_000 });
    expect(await stored.innerText()).toMatch(new RegExp(`^Stored \\d+ objects on ${DICOMWEB_PROXY_PREFIX}dicom-web: .*SEG.*\\.dcm, .*SR.*\\.dcm`));
    await session.screenshot('dicomweb-03-stored');
    session.assertNoProblems();
    await session.close();

    // A fresh browser profile (empty IndexedDB): open the study from the server again.
    session = await openApp(server.url);
    page = session.page;
    await openDemoFromServer(session);
    await page.getByRole('region', { name: 'ROI Infarct core 24 h (mirror)', exact: true }).getByLabel('MD statistics').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByLabel('ABC/2 volume').innerText()).toMatch(/ABC\/2 \d+\.\d\d mL/);
    expect(await recordOnScreen(page)).toEqual(before);
    await expect(page.getByRole('region', { name: 'Measurements' }).innerText()).resolves.toMatch(/Restored \d+ records from the study's segmentation and measurement report\./);
    // The SEG and SR are listed as result objects, not as series to view.
    await expect(page.getByRole('treeitem', { name: /^Series / }).count()).resolves.toBe(1);
    await session.screenshot('dicomweb-04-reopened');
    session.assertNoProblems();
  });
});
