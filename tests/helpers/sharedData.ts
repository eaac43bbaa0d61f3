import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is tests/helpers/sharedData.ts). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared/dicom` beside the checkout: real scanner series with dcm2niix/dipy ground truth (never copied into the repo). */
export const sharedDicomRoot = resolve(repoRoot, '../shared/dicom');

export const hasSharedDicom = existsSync(join(sharedDicomRoot, 'MANIFEST.tsv'));

/** Printed once by suites that skip for lack of the data, so a skip is never silent. */
export const sharedDicomSkipMessage = `../shared/dicom not found at ${sharedDicomRoot}: real-scanner conformance tests skipped`;

if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);

/** The series folder ids present (e.g. 'ge_01_Ax_DWI_TENSOR_R2'). */
export function sharedSeriesIds(): string[] {
  if (!hasSharedDicom) return [];
  return readdirSync(sharedDicomRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function sharedSeriesDir(id: string): string {
  return join(sharedDicomRoot, id);
}
