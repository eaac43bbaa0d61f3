import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { indexFolder } from '../../src/cli/indexFolder';
import { writeSyntheticDtiStudy } from '../fixtures/syntheticStudy';
import { hasOrthanc, orthancSkipMessage, startOrthanc, type RunningOrthanc } from '../helpers/orthanc';
import { canvasStats, DICOMWEB_PROXY_PREFIX, openApp, serveDist, type AppSession } from './harness';

if (!hasOrthanc) console.warn(orthancSkipMessage);

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

  async function connect(s: AppSession, password: string): Promise<void> {
    const { page } = s;
    await page.getByRole('button', { name: 'Open from server' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open from server' });
    await dialog.getByLabel('DICOMweb URL').fill(`${DICOMWEB_PROXY_PREFIX}dicom-web`);
    await dialog.getByLabel('Authentication').selectOption('basic');
    await dialog.getByLabel('User').fill(USER.name);
    await dialog.getByLabel('Password').fill(password);
    await dialog.getByLabel('Patient ID').fill('WEB-E2E');
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
});
