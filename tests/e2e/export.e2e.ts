import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as nifti from 'nifti-reader-js';
import type { Download, Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { displayNumber } from '../../src/core/export/displayNumber';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../helpers/sharedData';
import { readCsvObjects } from '../unit/export/readCsv';
import { appSuite, distDir, type AppSession } from './harness';
import { download, downloadBytes, drag, gotoLocation, pagePoint } from './measureHelpers';

if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);

/** GE DTI series: PatientName and PatientID are both 'dicom' in every file. */
const geFolder = join(sharedSeriesDir('ge_01_Ax_DWI_TENSOR_R2'), 'dicom');

const suite = appSuite();
let session: AppSession | null = null;

/**
 * Clicks "Export all…" and collects the downloads it starts (the web build downloads each file):
 * done when the status line says "Saved N files" (a new status) and N downloads have arrived.
 */
async function exportAll(s: AppSession): Promise<{ name: string; bytes: Buffer }[]> {
  const status = s.page.getByRole('dialog', { name: 'Trial export' }).getByRole('status');
  const before = (await status.allInnerTexts()).join('');
  const downloads: Download[] = [];
  const onDownload = (d: Download) => void downloads.push(d);
  s.page.on('download', onDownload);
  await s.page.getByRole('button', { name: 'Export all…', exact: true }).click();
  await expect
    .poll(async () => {
      const text = (await status.allInnerTexts()).join('');
      const n = /^Saved (\d+) files to /.exec(text)?.[1];
      return text !== before && Number(n) === downloads.length ? 'done' : `${downloads.length} downloads; status: ${text}`;
    }, { timeout: 60_000 })
    .toBe('done');
  s.page.off('download', onDownload);
  return Promise.all(downloads.map(async (d) => ({ name: d.suggestedFilename(), bytes: readFileSync(await d.path()) })));
}

describe.skipIf(!hasSharedDicom)('trial export dialog on the real GE DTI folder', () => {
  it('exports de-identified CSV and provenance JSON downloads without the patient name', async () => {
    session = await suite.open();
    const { page } = session;
    await page.getByLabel('Folder input').setInputFiles(geFolder);
    await page.getByRole('treeitem', { name: /^Series .*DTI/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Trial export' }).click();
    const dialog = page.getByRole('dialog', { name: 'Trial export' });
    await dialog.waitFor();
    // Without the trial key nothing can be exported (pseudonyms and hashed UIDs need it).
    await expect(dialog.getByRole('button', { name: 'Export long CSV' }).isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Trial key').fill('e2e-trial-key');
    // The derived pseudonym is offered, never the name.
    const subject = dialog.getByLabel('Subject ID of study 1');
    await expect(subject.getAttribute('placeholder')).resolves.toMatch(/^S-[0-9a-f]{12}$/);
    await dialog.getByLabel('Site of study 1').fill('site-03');
    // No ROI tool has stored statistics: the table is empty, not filled with invented rows.
    await expect(dialog.innerText()).resolves.toContain('No ROI measurements yet.');

    const long = await download(session, 'Export long CSV');
    expect(long.name).toMatch(/^dti_export_\d{8}_long\.csv$/);
    expect(long.text.split(/\r?\n/)[0]).toBe('subject,timepoint,roi_role,roi_name,map,statistic,value,unit');
    expect(long.text).not.toMatch(/dicom/i);

    const wide = await download(session, 'Export wide CSV');
    expect(wide.text).not.toMatch(/dicom/i);

    const provenance = await download(session, 'Export provenance JSON');
    const json = JSON.parse(provenance.text) as { deidentification: { profile: string } };
    expect(JSON.stringify(json)).toContain('site-03');
    // The patient of this GE series is named "dicom"; the profile label legitimately says "DICOM PS3.15".
    expect(json.deidentification.profile).toMatch(/^DICOM PS3\.15 /);
    const { profile: _profile, ...deidentification } = json.deidentification;
    expect(JSON.stringify({ ...json, deidentification })).not.toMatch(/dicom/i);
    // Without a fit, "Export all…" writes the four tables, identical to the one-by-one downloads.
    const all = await exportAll(session);
    expect(all.map((f) => f.name).sort()).toEqual(['long.csv', 'longitudinal.csv', 'provenance.json', 'wide.csv'].map((x) => long.name.replace('long.csv', x)));
    expect(all.find((f) => f.name === long.name)!.bytes.toString('utf8')).toBe(long.text);
    for (const file of all) expect(file.name + file.bytes.toString('utf8').replace(/DICOM PS3\.15/g, '')).not.toMatch(/dicom/i);
    await session.screenshot('export-01-dialog');
    session.assertNoProblems();
  });
});

const demoBuilt = existsSync(join(distDir, 'demo', 'ground-truth.json'));
if (!demoBuilt) console.warn(`${distDir}/demo missing (npm run demo, then vite build): export round trip skipped`);
const demoFolder = join(distDir, 'demo', 'DEMO-001');

type Vec3 = [number, number, number];

/** The ROI table's cells of one ROI block, by map label (FA, MD, AD, RD, b0): Mean, SD, Median, IQR, Min, Max, n as shown. */
async function roiTableStats(block: Locator): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const map of ['FA', 'MD', 'AD', 'RD', 'b0']) out[map] = (await block.getByLabel(`${map} statistics`).locator('td').allInnerTexts()).map((t) => t.trim());
  return out;
}

function readNiftiBytes(bytes: Buffer): { header: nifti.NIFTI1; image: ArrayBuffer; raw: Uint8Array } {
  let buffer: ArrayBuffer = new Uint8Array(bytes).buffer;
  if (nifti.isCompressed(buffer)) buffer = nifti.decompress(buffer) as ArrayBuffer;
  const header = nifti.readHeader(buffer) as nifti.NIFTI1;
  return { header, image: nifti.readImage(header, buffer), raw: new Uint8Array(buffer) };
}

describe.skipIf(!demoBuilt)('trial export round trip on the demo study', () => {
  it('ROI + mirror on the 24 h maps → measurement table = long CSV = wide CSV = ROI table; NIfTI map and mask; no identifiers', async () => {
    const truth = JSON.parse(readFileSync(join(distDir, 'demo', 'ground-truth.json'), 'utf8')) as {
      studies: { label: string; series: { modality: string; infarct?: { centreLPS: Vec3; radiiMm: Vec3 }; spacingMm?: Vec3 }[] }[];
    };
    const dti = truth.studies.find((s) => s.label === '24h')!.series.find((s) => s.modality === 'MR')!;
    const [cx, cy, cz] = dti.infarct!.centreLPS;
    const [rx, ry] = dti.infarct!.radiiMm;

    session = await suite.open();
    const { page } = session;
    await page.getByLabel('Folder input').setInputFiles(demoFolder);
    await page.getByRole('treeitem', { name: 'Study MRI BRAIN STROKE 24H' }).getByRole('treeitem', { name: /^Series .*DTI/ }).first().click({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Compute DTI' }).click();
    const viewport = page.getByRole('region', { name: 'Viewport 1' });
    await viewport.getByLabel('Map shown').filter({ hasText: 'FA · axial' }).waitFor({ timeout: 240_000 });
    await page.getByRole('button', { name: 'MD', exact: true }).click();
    await viewport.getByLabel('Map shown').filter({ hasText: 'MD · axial' }).waitFor();
    await page.getByLabel('Reader').blur();
    const loc = await gotoLocation(page, cz, dti.spacingMm![2]);
    await page.keyboard.press('e');
    const from = await pagePoint(page, [cx, cy, loc]);
    const to = await pagePoint(page, [cx + (2 * rx) / 3, cy + (2 * ry) / 3, loc]);
    await drag(page, from, to);
    const core = page.getByRole('region', { name: 'ROI Infarct core 24 h', exact: true });
    await core.getByLabel('MD statistics').waitFor();
    await core.getByRole('button', { name: 'Mirror' }).click();
    await page.getByLabel('Ratio rMD').waitFor({ timeout: 60_000 });
    const mirrorBlock = page.getByRole('region', { name: /^ROI Infarct core 24 h .*mirror/ });
    const mirrorName = await mirrorBlock.getByLabel('ROI name').inputValue();
    const shown = { core: await roiTableStats(core), mirror: await roiTableStats(mirrorBlock) };
    const rMD = Number(/rMD (\d+\.\d+)/.exec(await page.getByLabel('Ratio rMD').innerText())?.[1]);
    const rFA = Number(/rFA (\d+\.\d+)/.exec(await page.getByLabel('Ratio rFA').innerText())?.[1]);

    await page.getByRole('button', { name: 'Trial export' }).click();
    const dialog = page.getByRole('dialog', { name: 'Trial export' });
    await dialog.getByLabel('Trial key').fill('e2e-round-trip-key');
    const table = dialog.getByRole('table', { name: 'Measurements' });
    // Two ROIs × five maps (FA, MD, AD, RD, b0).
    await expect.poll(() => table.locator('tbody tr').count()).toBe(10);
    const tableRows = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        // Shown rounded for reading; the cell's title holds the exact CSV text.
        const exact = (label: string) => tr.querySelector(`td[aria-label="${label}"]`)?.getAttribute('title') ?? '';
        const text = (label: string) => tr.querySelector(`td[aria-label="${label}"]`)?.textContent ?? '';
        const tds = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
        return {
          subject: tds[0],
          timepoint: tds[1],
          role: tds[2],
          roi: tds[3],
          map: tds[4],
          unit: tds[12],
          mean: exact('mean'),
          sd: exact('sd'),
          median: exact('median'),
          iqr: exact('iqr'),
          n: text('n'),
          area: exact('area'),
          shown: { mean: text('mean'), sd: text('sd'), median: text('median'), iqr: text('iqr'), area: text('area') },
        };
      }),
    );
    await session.screenshot('export-10-measurement-table');

    const long = readCsvObjects((await download(session, 'Export long CSV')).text);
    const wideText = (await download(session, 'Export wide CSV')).text;
    const wide = readCsvObjects(wideText);
    expect(wide).toHaveLength(1);
    const slug = (role: string) => role.replace(/-/g, '_');
    for (const r of tableRows) {
      expect(r.subject).toMatch(/^S-[0-9a-f]{12}$/);
      expect(r.timepoint).toBe('24 h');
      for (const stat of ['mean', 'sd', 'median', 'iqr', 'n'] as const) {
        const csv = long.find((x) => x.roi_name === r.roi && x.map === r.map && x.statistic === stat)!;
        expect(csv.value, `${r.roi} ${r.map} ${stat}`).toBe(r[stat]);
        expect(csv.unit).toBe(stat === 'n' ? 'voxels' : r.unit);
        expect(csv.subject).toBe(r.subject);
        expect(wide[0][`${slug(r.role)}_${r.map}_${stat}`], `wide ${r.role} ${r.map} ${stat}`).toBe(r[stat]);
      }
      for (const stat of ['mean', 'sd', 'median', 'iqr'] as const) expect(r.shown[stat], `${r.roi} ${r.map} ${stat} shown`).toBe(displayNumber(Number(r[stat]), r.unit));
      const area = long.find((x) => x.roi_name === r.roi && x.map === r.map && x.statistic === 'area')!.value;
      expect(r.area).toBe(area);
      // Areas 1 decimal, e.g. "60.0 mm^2" for 15 voxels of 4 mm² (the raw float read 99.72028682823989).
      expect(r.shown.area).toBe(`${displayNumber(Number(area), 'mm^2')} mm^2`);
      expect(r.shown.area).toMatch(/^\d+\.\d mm\^2$/);
      // The ROI table shows the same numbers in its display precision: MD/AD/RD in 10⁻⁶ mm²/s (0 decimals), FA 3 decimals.
      const roiTable = shown[r.role === 'infarct-core' ? 'core' : 'mirror'][r.map === 'B0' ? 'b0' : r.map];
      const [mean, sd, median, iqr] = [r.mean, r.sd, r.median, r.iqr].map(Number);
      const display = (v: number) => (r.map === 'FA' ? (v / 1e4).toFixed(3) : v.toFixed(0));
      expect(r.unit).toBe(r.map === 'FA' ? '10^-4' : r.map === 'B0' ? 'a.u.' : '10^-6 mm^2/s');
      expect([display(mean), display(sd), display(median), display(iqr), r.n]).toEqual([roiTable[0], roiTable[1], roiTable[2], roiTable[3], roiTable[6]]);
    }
    expect(tableRows.map((r) => r.roi).sort()).toEqual([...Array(5).fill('Infarct core 24 h'), ...Array(5).fill(mirrorName)].sort());
    const ratio = (map: string) => Number(long.find((x) => x.statistic === 'mean_ratio' && x.map === map)!.value);
    expect(ratio('MD').toFixed(3)).toBe(rMD.toFixed(3));
    expect(ratio('FA').toFixed(3)).toBe(rFA.toFixed(3));
    expect(wide[0].ipsi_contra_MD_mean_ratio).toBe(long.find((x) => x.statistic === 'mean_ratio' && x.map === 'MD')!.value);

    // SI units: the same ROI, MD in m²/s and FA as a fraction.
    await dialog.getByRole('button', { name: 'SI (m²/s, FA)' }).click();
    const si = readCsvObjects((await download(session, 'Export long CSV')).text);
    const siMd = si.find((x) => x.roi_name === 'Infarct core 24 h' && x.map === 'MD' && x.statistic === 'mean')!;
    expect(siMd.unit).toBe('m^2/s');
    expect((Number(siMd.value) * 1e12).toFixed(0)).toBe(shown.core.MD[0]);
    expect(Number(si.find((x) => x.roi_name === 'Infarct core 24 h' && x.map === 'FA' && x.statistic === 'mean')!.value).toFixed(3)).toBe(shown.core.FA[0]);
    await dialog.getByRole('button', { name: 'Trial (10⁻⁶ mm²/s, FA ×10⁻⁴)' }).click();

    // NIfTI: the FA map and the core ROI's mask on the DWI grid; the mask has the ROI's n voxels.
    const faDownload = await downloadBytes(session, 'Export FA NIfTI');
    const fa = { ...readNiftiBytes(faDownload.bytes), name: faDownload.name };
    const maskDownload = await downloadBytes(session, 'Export mask of ROI Infarct core 24 h');
    const maskName = maskDownload.name;
    const mask = readNiftiBytes(maskDownload.bytes);
    expect(mask.header.dims.slice(1, 4)).toEqual(fa.header.dims.slice(1, 4));
    expect(mask.header.affine).toEqual(fa.header.affine);
    const maskVoxels = new Uint8Array(mask.image);
    const faVoxels = new Float32Array(fa.image);
    let n = 0;
    let sum = 0;
    for (let v = 0; v < maskVoxels.length; v++) {
      if (maskVoxels[v] !== 1) continue;
      n++;
      sum += faVoxels[v];
    }
    expect(String(n)).toBe(shown.core.FA[6]);
    expect((sum / n).toFixed(3)).toBe(shown.core.FA[0]);
    await session.screenshot('export-11-nifti');

    // NIfTI files are named by the subject pseudonym and timepoint the tables carry.
    const subject = tableRows[0].subject;
    expect(fa.name).toBe(`${subject}_24-h_FA.nii.gz`);
    expect(maskName).toBe(`${subject}_24-h_infarct-core-1_mask.nii.gz`);

    // "Export all…": the four tables and the ticked NIfTI (FA, MD, AD, RD by default, both ROI masks) in one go.
    const all = await exportAll(session);
    const today = /^dti_export_(\d{8})_long\.csv$/.exec(all.find((f) => f.name.endsWith('_long.csv'))!.name)![1];
    expect(all.map((f) => f.name).sort()).toEqual(
      [
        ...['long.csv', 'wide.csv', 'longitudinal.csv', 'provenance.json'].map((x) => `dti_export_${today}_${x}`),
        ...['FA', 'MD', 'AD', 'RD'].map((m) => `${subject}_24-h_${m}.nii.gz`),
        `${subject}_24-h_infarct-core-1_mask.nii.gz`,
        `${subject}_24-h_contralateral-mirror-1_mask.nii.gz`,
      ].sort(),
    );
    await expect(dialog.getByRole('status').innerText()).resolves.toMatch(/^Saved 10 files to the browser downloads: /);
    // The same bytes as the one-by-one exports: the FA map and the core mask, and the long CSV's rows.
    expect(readNiftiBytes(all.find((f) => f.name.endsWith('_FA.nii.gz'))!.bytes).raw).toEqual(fa.raw);
    expect(readNiftiBytes(all.find((f) => f.name.endsWith('infarct-core-1_mask.nii.gz'))!.bytes).raw).toEqual(mask.raw);
    expect(readCsvObjects(all.find((f) => f.name.endsWith('_long.csv'))!.bytes.toString('utf8'))).toEqual(long);
    const mirrorMask = new Uint8Array(readNiftiBytes(all.find((f) => f.name.endsWith('contralateral-mirror-1_mask.nii.gz'))!.bytes).image);
    expect(String(mirrorMask.reduce((c, v) => c + (v === 1 ? 1 : 0), 0))).toBe(shown.mirror.FA[6]);
    // No identifier in any name or content (NIfTI: header and extensions, before the voxels).
    for (const file of all) {
      expect(file.name).not.toMatch(/DEMO|STROKE/i);
      // The ROIs' free-text names ('Infarct core' and its mirror's) never reach a file name; the roles do.
      expect(file.name).not.toMatch(/Infarct|core.mirror/);
      const text = file.name.endsWith('.nii.gz') ? new TextDecoder('latin1').decode(readNiftiBytes(file.bytes).raw.subarray(0, 352)) : file.bytes.toString('utf8');
      expect(text, file.name).not.toMatch(/DEMO|STROKE/i);
    }
    // Unticking a map leaves it out of the next "Export all".
    await dialog.getByLabel('Include RD in Export all').uncheck();
    await dialog.getByLabel('Include mask of ROI Infarct core 24 h in Export all').uncheck();
    const fewer = await exportAll(session);
    expect(fewer).toHaveLength(8);
    expect(fewer.map((f) => f.name)).not.toContain(`${subject}_24-h_RD.nii.gz`);
    expect(fewer.map((f) => f.name)).not.toContain(`${subject}_24-h_infarct-core-1_mask.nii.gz`);
    await dialog.getByLabel('Include RD in Export all').check();
    await dialog.getByLabel('Include mask of ROI Infarct core 24 h in Export all').check();
    await session.screenshot('export-13-export-all');

    // De-identified: the demo patient (DEMO^STROKE, DEMO-001) and its study description appear nowhere.
    const provenance = (await download(session, 'Export provenance JSON')).text;
    const texts = [JSON.stringify(long), wideText, provenance, new TextDecoder('latin1').decode(fa.raw.subarray(0, 352)), new TextDecoder('latin1').decode(mask.raw.subarray(0, 352))];
    for (const text of texts) expect(text).not.toMatch(/DEMO|STROKE/i);

    // Day 14: the same ellipse on the day-14 fit; the longitudinal view shows 24 h vs day 14 as the CSV does.
    await dialog.getByRole('button', { name: 'Close export' }).click();
    await page.getByRole('treeitem', { name: 'Study MRI+CT BRAIN STROKE DAY 14' }).getByRole('treeitem', { name: /^Series .*DTI/ }).first().click();
    await page.getByRole('button', { name: 'Compute DTI' }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __dtiMeasure: { state(): { rois: unknown[] } } }).__dtiMeasure.state().rois.length)).toBe(2);
    await viewport.getByLabel('Map shown').filter({ hasText: 'FA · axial' }).waitFor({ timeout: 240_000 });
    await page.getByLabel('Reader').blur();
    const loc14 = await gotoLocation(page, cz, dti.spacingMm![2]);
    await page.keyboard.press('e');
    const from14 = await pagePoint(page, [cx, cy, loc14]);
    const to14 = await pagePoint(page, [cx + (2 * rx) / 3, cy + (2 * ry) / 3, loc14]);
    await drag(page, from14, to14);
    // The ROI table follows the series on screen: the day-14 core only, named for its timepoint.
    await expect.poll(() => page.getByRole('region', { name: 'ROI Infarct core day 14', exact: true }).count()).toBe(1);
    await expect(page.getByRole('region', { name: 'ROI Infarct core 24 h', exact: true }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Trial export' }).click();
    const changes = dialog.getByRole('table', { name: 'Longitudinal changes' });
    await changes.waitFor();
    const longitudinal = readCsvObjects((await download(session, 'Export longitudinal CSV')).text);
    const mdChange = longitudinal.find((r) => r.roi_role === 'infarct-core' && r.map === 'MD' && r.statistic === 'mean')!;
    const long14 = readCsvObjects((await download(session, 'Export long CSV')).text);
    const mdAt = (tp: string) => long14.find((x) => x.timepoint === tp && x.roi_role === 'infarct-core' && x.map === 'MD' && x.statistic === 'mean')!.value;
    expect([mdChange.baseline, mdChange.follow_up]).toEqual([mdAt('24 h'), mdAt('day 14')]);
    const shownChange = await changes.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => ({ text: td.textContent ?? '', exact: td.getAttribute('title') }))),
    );
    const mdRow = shownChange.find((r) => r[1].text === 'infarct-core' && r[3].text === 'MD' && r[4].text === 'mean')!.slice(5, 9);
    const csvChange = [mdChange.baseline, mdChange.follow_up, mdChange.change, mdChange.change_percent];
    expect(mdRow.map((c) => c.exact)).toEqual(csvChange);
    expect(mdRow.map((c) => c.text)).toEqual(csvChange.map((v, i) => displayNumber(Number(v), i === 3 ? '%' : mdChange.unit)));
    await expect(dialog.getByRole('img', { name: 'Percent change of the means, 24 h to day 14' }).locator('rect').count()).resolves.toBeGreaterThan(0);
    await dialog.getByRole('img', { name: 'Percent change of the means, 24 h to day 14' }).scrollIntoViewIfNeeded();
    await session.screenshot('export-12-longitudinal');
    session.assertNoProblems();
  });
});
