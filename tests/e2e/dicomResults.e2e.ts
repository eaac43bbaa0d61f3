import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../src/core/dicomOut/readResults';
import { mapUnit } from '../../src/core/export/exportUnits';
import { readCsvObjects } from '../unit/export/readCsv';
import { dciodvfy, hasTool } from '../unit/dicomOut/dicomTools';
import { appSuite, distDir, type AppSession } from './harness';
import { download, drag, gotoLocation, pagePoint } from './measureHelpers';

const demoBuilt = existsSync(join(distDir, 'demo', 'ground-truth.json'));
if (!demoBuilt) console.warn(`${distDir}/demo missing (npm run demo, then vite build): DICOM results export skipped`);
const demoFolder = join(distDir, 'demo', 'DEMO-001');

type Vec3 = [number, number, number];
const suite = appSuite();

/** Clicks "Save as DICOM…" and collects the downloads it starts, until the status says "Saved N DICOM files" and N arrived. */
async function saveDicom(s: AppSession): Promise<{ name: string; bytes: Uint8Array }[]> {
  const dialog = s.page.getByRole('dialog', { name: 'Trial export' });
  const status = dialog.getByRole('status');
  const before = (await status.allInnerTexts()).join('');
  const downloads: Download[] = [];
  const onDownload = (d: Download) => void downloads.push(d);
  s.page.on('download', onDownload);
  await dialog.getByRole('button', { name: 'Save as DICOM (SEG + SR + maps)…' }).click();
  await expect
    .poll(async () => {
      const text = (await status.allInnerTexts()).join('');
      const n = /^Saved (\d+) DICOM files to /.exec(text)?.[1];
      return text !== before && Number(n) === downloads.length ? 'done' : `${downloads.length} downloads; status: ${text}`;
    }, { timeout: 60_000 })
    .toBe('done');
  s.page.off('download', onDownload);
  return Promise.all(downloads.map(async (d) => ({ name: d.suggestedFilename(), bytes: new Uint8Array(readFileSync(await d.path())) })));
}

describe.skipIf(!demoBuilt)('results as DICOM from the export dialog (demo study)', () => {
  it('ROI + mirror on the 24 h maps → SEG, SR and 4 parametric maps, de-identified; read back they hold the CSV numbers', async () => {
    const truth = JSON.parse(readFileSync(join(distDir, 'demo', 'ground-truth.json'), 'utf8')) as {
      studies: { label: string; series: { modality: string; infarct?: { centreLPS: Vec3; radiiMm: Vec3 }; spacingMm?: Vec3 }[] }[];
    };
    const dti = truth.studies.find((s) => s.label === '24h')!.series.find((s) => s.modality === 'MR')!;
    const [cx, cy, cz] = dti.infarct!.centreLPS;
    const [rx, ry] = dti.infarct!.radiiMm;

    const session = await suite.open();
    const { page } = session;
    await page.getByLabel('Folder input').setInputFiles(demoFolder);
    await page.getByRole('treeitem', { name: 'Study MRI BRAIN STROKE 24H' }).getByRole('treeitem', { name: /^Series .*DTI/ }).first().click({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Compute DTI' }).click();
    const viewport = page.getByRole('region', { name: 'Viewport 1' });
    await viewport.getByLabel('Map shown').filter({ hasText: 'FA · axial' }).waitFor({ timeout: 240_000 });
    await page.getByLabel('Reader').blur();
    const loc = await gotoLocation(page, cz, dti.spacingMm![2]);
    await page.keyboard.press('e');
    await drag(page, await pagePoint(page, [cx, cy, loc]), await pagePoint(page, [cx + (2 * rx) / 3, cy + (2 * ry) / 3, loc]));
    const core = page.getByRole('region', { name: 'ROI Infarct core 24 h', exact: true });
    await core.getByLabel('MD statistics').waitFor();
    await core.getByRole('button', { name: 'Mirror' }).click();
    await page.getByLabel('Ratio rMD').waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Trial export' }).click();
    const dialog = page.getByRole('dialog', { name: 'Trial export' });
    const save = dialog.getByRole('button', { name: 'Save as DICOM (SEG + SR + maps)…' });
    // De-identified by default: the trial key is needed first.
    await expect(save.isDisabled()).resolves.toBe(true);
    await expect(dialog.innerText()).resolves.toContain('Enter the trial key to save de-identified DICOM.');
    await dialog.getByLabel('Trial key').fill('e2e-dicom-key');
    await expect(save.isDisabled()).resolves.toBe(false);
    const long = readCsvObjects((await download(session, 'Export long CSV')).text);
    const subject = long[0].subject;

    const files = await saveDicom(session);
    const status = dialog.getByRole('status');
    await status.scrollIntoViewIfNeeded();
    await expect(status.innerText()).resolves.toMatch(/^Saved 6 DICOM files to the browser downloads: /);
    await session.screenshot('export-20-dicom-saved');
    expect(files.map((f) => f.name.slice(f.name.lastIndexOf('_') + 1)).sort()).toEqual(['1.dcm', 'AD.dcm', 'FA.dcm', 'MD.dcm', 'RD.dcm', 'SR.dcm']);
    for (const f of files) {
      expect(f.name.startsWith(`${subject}_24_h_`)).toBe(true);
      // Nothing of the demo patient's identity in any object.
      expect(Buffer.from(f.bytes).toString('latin1')).not.toMatch(/DEMO\^STROKE|DEMO-001|19580417/);
      if (hasTool('dciodvfy')) expect(dciodvfy(f.bytes).errors, f.name).toEqual([]);
    }

    // Read back: the two ROIs with the numbers the CSV holds.
    const read = readResults(files);
    expect(read.warnings).toEqual([]);
    expect(read.byStudy.size).toBe(1);
    const [restored] = [...read.byStudy.values()];
    expect(restored.rois.map((r) => r.roi.role).sort()).toEqual(['contralateral-mirror', 'infarct-core']);
    for (const r of restored.rois) {
      for (const s of r.measured!.stats) {
        for (const stat of ['mean', 'sd', 'median', 'iqr'] as const) {
          const row = long.find((x) => x.roi_name === r.roi.name && x.map === s.map.toUpperCase() && x.statistic === stat)!;
          expect(String(mapUnit(s.map, 'trial').convert(s[stat])), `${r.roi.name} ${s.map} ${stat}`).toBe(row.value);
        }
      }
    }
    session.assertNoProblems();
  });
});
