import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../helpers/sharedData';
import { appSuite, canvasStats, distDir, type AppSession } from './harness';

const demoBuilt = existsSync(join(distDir, 'demo', 'manifest.json'));
if (!demoBuilt) console.warn(`${distDir}/demo/manifest.json missing (run \`npm run demo\` before the build): demo test skipped`);
if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);

/** GE DTI: 14 files, b = 0 and 1000 s/mm² along 6 directions (MANIFEST.tsv), patient name in the headers. */
const geFolder = join(sharedSeriesDir('ge_01_Ax_DWI_TENSOR_R2'), 'dicom');

const suite = appSuite();
let session: AppSession | null = null;

/** Waits until viewport `slot` has rendered an image with visible structure (not a flat fill). */
async function expectImagePixels(s: AppSession, slot = 0): Promise<{ variance: number }> {
  await s.page.getByRole('region', { name: `Viewport ${slot + 1}` }).getByLabel('Window level').waitFor();
  let stats = await canvasStats(s.page, slot);
  for (let i = 0; i < 50 && stats.variance < 1; i++) {
    await s.page.waitForTimeout(200);
    stats = await canvasStats(s.page, slot);
  }
  expect(stats.width).toBeGreaterThan(100);
  expect(stats.variance).toBeGreaterThan(1);
  return stats;
}

async function openGeFolder(s: AppSession): Promise<void> {
  await s.page.getByLabel('Folder input').setInputFiles(geFolder);
  await s.page.getByRole('treeitem', { name: /^Series .*DTI/ }).waitFor({ timeout: 60_000 });
}

describe('DTI Trial Viewer in Chromium', () => {
  it('starts clean: toolbar, empty study browser, no console errors or CSP violations', async () => {
    session = await suite.open();
    await session.page.getByRole('button', { name: 'Open demo' }).waitFor();
    await expect(session.page.getByRole('navigation', { name: 'Study browser' }).innerText()).resolves.toContain('Open a folder');
    await session.page.keyboard.press('?');
    await session.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await session.screenshot('01-start-help');
    await session.page.keyboard.press('Escape');
    session.assertNoProblems();
  });

  it.skipIf(!demoBuilt)('opens the demo study and renders image pixels', async () => {
    session = await suite.open();
    await session.page.getByRole('button', { name: 'Open demo' }).click();
    await session.page.getByRole('treeitem', { name: /^Series / }).first().waitFor({ timeout: 60_000 });
    await expectImagePixels(session);
    await session.screenshot('02-demo');
    session.assertNoProblems();
  });

  describe.skipIf(!hasSharedDicom)('real GE DTI folder', () => {
    it('lists the series with b-values 0/1000 and 6 directions, and renders it', async () => {
      session = await suite.open();
      await openGeFolder(session);
      const row = session.page.getByRole('treeitem', { name: /^Series / });
      await expect(row.count()).resolves.toBe(1);
      const text = await row.innerText();
      expect(text).toContain('DTI b0/1000 ×6');
      expect(text).toContain('Ax DWI TENSOR R2');
      expect(text).toMatch(/\b14\b/);
      await expectImagePixels(session);
      const overlay = await session.page.getByRole('region', { name: 'Viewport 1' }).innerText();
      expect(overlay).toContain('Vol 1/7 · b=0');
      await session.screenshot('03-ge-folder');
      session.assertNoProblems();
    });

    it('renders a frame of an enhanced multi-frame file (Philips, b 0/1300 along 3 directions)', async () => {
      session = await suite.open();
      await session.page.getByLabel('Folder input').setInputFiles(join(sharedSeriesDir('philips_enh_dicom2nifti'), 'dicom'));
      const row = session.page.getByRole('treeitem', { name: /^Series / });
      await row.first().waitFor({ timeout: 60_000 });
      await expect(row.first().innerText()).resolves.toContain('DWI b0/1300 ×3');
      await expectImagePixels(session);
      await session.page.keyboard.press(']');
      await expect.poll(() => session!.page.getByRole('region', { name: 'Viewport 1' }).innerText()).toContain('b=1300');
      await expectImagePixels(session);
      await session.screenshot('06-philips-enhanced');
      // This Philips file has a 2-byte AS (PatientAge) element; Cornerstone's dcmjs metadata parser logs that at error level.
      session.assertNoProblems([/^Invalid length for fixed length tag, vr AS, length 4 != 2$/]);
    });

    it('switches layout, applies W/L presets by key, steps volumes, hides the patient when blinded', async () => {
      session = await suite.open();
      const { page } = session;
      await openGeFolder(session);
      await expectImagePixels(session);

      await page.getByRole('button', { name: 'Layout 2×2' }).click();
      await expect(page.getByRole('region', { name: /^Viewport \d$/ }).count()).resolves.toBe(4);
      await page.getByRole('button', { name: 'Layout 1×2' }).click();
      await expect(page.getByRole('region', { name: /^Viewport \d$/ }).count()).resolves.toBe(2);
      await page.keyboard.press('l');
      await expect(page.getByRole('region', { name: /^Viewport \d$/ }).count()).resolves.toBe(2); // 2×1
      await page.keyboard.press('l');
      await expect(page.getByRole('region', { name: /^Viewport \d$/ }).count()).resolves.toBe(4); // 2×2
      await page.getByRole('button', { name: 'Layout 1×1' }).click();

      const wl = page.getByRole('region', { name: 'Viewport 1' }).getByLabel('Window level');
      await page.keyboard.press('1');
      await expect.poll(() => wl.innerText()).toBe('W 80 L 40');
      await page.keyboard.press('4');
      await expect.poll(() => wl.innerText()).toBe('W 2800 L 600');
      await page.keyboard.press('i');
      await expect.poll(() => wl.innerText()).toBe('W 2800 L 600 INV');

      await page.keyboard.press(']');
      await expect.poll(() => page.getByRole('region', { name: 'Viewport 1' }).innerText()).toContain('Vol 2/7 · b=1000');
      // The reader's window survives stepping through the diffusion directions.
      await expect.poll(() => wl.innerText()).toBe('W 2800 L 600 INV');

      const name = page.getByRole('region', { name: 'Viewport 1' }).locator('[data-phi="patient-name"]');
      const shownName = await name.innerText();
      expect(shownName).not.toBe('BLINDED');
      await session.screenshot('04-ge-presets');
      await page.keyboard.press('b');
      await expect.poll(() => name.innerText()).toBe('BLINDED');
      const everything = await page.locator('body').innerText();
      expect(everything).not.toContain(shownName);
      await session.screenshot('05-ge-blinded');
      session.assertNoProblems();
    });
  });
});
