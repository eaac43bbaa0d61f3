import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../helpers/sharedData';
import { appSuite, type AppSession } from './harness';

if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);

/** GE DTI series: PatientName and PatientID are both 'dicom' in every file. */
const geFolder = join(sharedSeriesDir('ge_01_Ax_DWI_TENSOR_R2'), 'dicom');

const suite = appSuite();
let session: AppSession | null = null;

async function download(s: AppSession, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([s.page.waitForEvent('download'), s.page.getByRole('button', { name: button }).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
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
    await session.screenshot('export-01-dialog');
    session.assertNoProblems();
  });
});
