import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../helpers/sharedData';
import { appSuite, type AppSession } from './harness';

if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);

/** GE DTI: b-value only in private (0043,1039) ('0\8\0\0' for b0, '1000\8\0\0' for DW volumes); PatientName 'dicom'. */
const geFolder = join(sharedSeriesDir('ge_01_Ax_DWI_TENSOR_R2'), 'dicom');

const suite = appSuite();
let session: AppSession | null = null;

async function openGe(s: AppSession): Promise<void> {
  await s.page.getByLabel('Folder input').setInputFiles(geFolder);
  await s.page.getByRole('treeitem', { name: /^Series .*DTI/ }).waitFor({ timeout: 60_000 });
  await s.page.getByRole('region', { name: 'Viewport 1' }).getByLabel('Window level').waitFor({ timeout: 60_000 });
}

/** The value cell of tag `tag` in the inspector, once the header has been read. */
function valueOf(s: AppSession, tag: string) {
  return s.page.getByRole('dialog', { name: 'DICOM tags' }).locator(`tr[data-tag="${tag}"] td.tag-value`);
}

describe.skipIf(!hasSharedDicom)('tag inspector on the real GE DTI folder', () => {
  it('finds the GE b-value tag (0043,1039) of the shown diffusion-weighted image by search', async () => {
    session = await suite.open();
    await openGe(session);
    const { page } = session;
    await page.keyboard.press(']');
    await expect.poll(() => page.getByRole('region', { name: 'Viewport 1' }).innerText()).toContain('b=1000');
    await page.keyboard.press('t');
    const dialog = page.getByRole('dialog', { name: 'DICOM tags' });
    await dialog.waitFor();
    // The key that opened it typed nothing into the focused search field.
    expect(await dialog.getByLabel('Search tags').inputValue()).toBe('');
    await dialog.getByLabel('Search tags').fill('0043,1039');
    await expect.poll(() => valueOf(session!, '(0043,1039)').innerText(), { timeout: 30_000 }).toBe('1000\\8\\0\\0');
    expect(await dialog.locator('tr[data-tag="(0043,1039)"]').innerText()).toContain('Slop_int_6..9');
    // The search left only that element.
    await expect(dialog.locator('tbody tr').count()).resolves.toBe(1);
    await session.screenshot('tags-01-ge-bvalue');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    session.assertNoProblems();
  });

  it('hides PatientName in the inspector when blinded', async () => {
    session = await suite.open();
    await openGe(session);
    const { page } = session;
    await page.getByRole('button', { name: 'Tags' }).click();
    const dialog = page.getByRole('dialog', { name: 'DICOM tags' });
    await dialog.getByLabel('Search tags').fill('PatientName');
    await expect.poll(() => valueOf(session!, '(0010,0010)').innerText(), { timeout: 30_000 }).toBe('dicom');
    await dialog.getByRole('button', { name: 'Close tags' }).click();
    await page.keyboard.press('b');
    await page.keyboard.press('t');
    await dialog.getByLabel('Search tags').fill('0010,');
    await expect.poll(() => valueOf(session!, '(0010,0010)').innerText(), { timeout: 30_000 }).toBe('(hidden: blinded)');
    const values = await dialog.locator('td.tag-value').allInnerTexts();
    expect(values.length).toBeGreaterThan(1);
    expect(values.every((v) => v === '(hidden: blinded)')).toBe(true);
    // The name (and the ID, also 'dicom') appears nowhere in the inspector, not even in the file name line.
    expect(await dialog.locator('tbody').innerText()).not.toMatch(/\bdicom\b/i);
    expect(await dialog.getByRole('heading').innerText()).toContain('file hidden (blinded)');
    await session.screenshot('tags-02-blinded');
    session.assertNoProblems();
  });
});
