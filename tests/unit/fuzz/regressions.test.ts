// First: wraps the allocators before fflate is loaded (see allocationProbe).
import './allocationProbe';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DicomError } from '../../../src/core/dicom/errors';
import { repoRoot } from '../../helpers/sharedData';
import { runPipeline } from './harness';

/**
 * Inputs the fuzzers once broke the contract with, kept as tiny files in tests/fixtures/regressions.
 * Each must now fail cleanly with the reason below; a new fixture without an entry fails the suite.
 */
const regressionsDir = join(repoRoot, 'tests/fixtures/regressions');

const expected: Record<string, { pixels: RegExp; index: RegExp }> = {
  // Implicit VR LE cut 2 bytes into SamplesPerPixel's value: dicom-parser kept the element past the
  // end and readPixelModule threw a bare string. Found by truncation.test.ts (generated implicit-le, cut 622).
  'implicit-le-cut-inside-element.dcm': {
    pixels: /^truncated: element x00280002 needs 624 bytes, file has 622$/,
    index: /^not a readable DICOM file/,
  },
};

describe('fuzz regressions', () => {
  it('every kept input has an expectation', () => {
    expect(readdirSync(regressionsDir).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s fails as a DicomError naming the file', async (name, want) => {
    const path = `regressions/${name}`;
    const report = await runPipeline(path, new Uint8Array(readFileSync(join(regressionsDir, name))));
    expect(report.breaches).toEqual([]);
    expect(report.pixels).toBeInstanceOf(DicomError);
    expect((report.pixels as DicomError).reason).toMatch(want.pixels);
    expect((report.pixels as DicomError).message.startsWith(`${path}: `)).toBe(true);
    expect(report.index).toMatch(want.index);
  });
});
