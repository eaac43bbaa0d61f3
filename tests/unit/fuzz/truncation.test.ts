// First: wraps the allocators before fflate is loaded (see allocationProbe).
import './allocationProbe';
import { describe, expect, it } from 'vitest';
import { DicomError } from '../../../src/core/dicom/errors';
import { parseHeader } from '../../../src/core/dicom/parseHeader';
import { TransferSyntax } from '../../../src/core/dicom/pixels/transferSyntax';
import { hasSharedDicom, sharedDicomSkipMessage } from '../../helpers/sharedData';
import { keepFinding, runPipeline, STAGE_DEADLINE_MS } from './harness';
import { generatedSeeds, realSeeds, seedFile } from './seeds';

/**
 * A file cut short at any byte (interrupted copy, partial download) must come out as a DicomError
 * naming it — or, cut exactly after a complete element, as a readable header — never as another
 * exception, a hang or a read past its end.
 */
describe('truncation at every byte offset', () => {
  it.each(generatedSeeds().map((s) => [s.name, s] as const))('%s: every prefix through header, index and pixels', async (name, seed) => {
    const whole = seedFile(seed);
    const breaches: string[] = [];
    const decoded: number[] = [];
    for (let end = 0; end < whole.length; end++) {
      const report = await runPipeline(name, whole.subarray(0, end));
      if (report.breaches.length > 0) breaches.push(`${end}: ${report.breaches.join('; ')} (${keepFinding(`${name}-cut-${end}`, whole.subarray(0, end))})`);
      if (report.pixels === 'ok') decoded.push(end);
    }
    expect(breaches).toEqual([]);
    // A prefix missing pixel bytes must never decode. Only encapsulated data cut exactly before its
    // 8-byte sequence delimiter still holds every fragment whole, and may.
    expect(decoded).toEqual(seed.transferSyntaxUID === TransferSyntax.rle ? [whole.length - 8] : []);
  });

  describe.skipIf(!hasSharedDicom)(`real seeds (${hasSharedDicom ? 'shared data present' : sharedDicomSkipMessage})`, () => {
    it.each(realSeeds().map((s) => [s.name, s] as const))('%s: every header prefix parses or fails as DicomError', (name, seed) => {
      const whole = seedFile(seed);
      // Every offset of the first 20 KiB (all of a GE header), then 2,000 spread over the rest: bounded time.
      const head = Math.min(whole.length, 20_480);
      const ends = [...Array.from({ length: head }, (_, i) => i), ...Array.from({ length: 2_000 }, (_, i) => head + Math.floor((i * (whole.length - head)) / 2_000))];
      const breaches: string[] = [];
      for (const end of ends) {
        const started = performance.now();
        try {
          parseHeader(name, whole.subarray(0, end), end);
        } catch (err) {
          if (!(err instanceof DicomError) || err.file !== name) breaches.push(`${end}: ${String(err)} (${keepFinding(`${name}-cut-${end}`, whole.subarray(0, end))})`);
        }
        if (performance.now() - started > STAGE_DEADLINE_MS) breaches.push(`${end}: parseHeader exceeded the deadline`);
      }
      expect(breaches).toEqual([]);
    });

    it.each(realSeeds().map((s) => [s.name, s] as const))('%s: 150 spread prefixes through index and pixel decoding', async (name, seed) => {
      const whole = seedFile(seed);
      const breaches: string[] = [];
      for (let n = 0; n < 150; n++) {
        const end = Math.floor((n * whole.length) / 150);
        const report = await runPipeline(name, whole.subarray(0, end));
        if (report.breaches.length > 0) breaches.push(`${end}: ${report.breaches.join('; ')} (${keepFinding(`${name}-cut-${end}`, whole.subarray(0, end))})`);
        else if (!(report.pixels instanceof DicomError)) breaches.push(`${end}: a prefix decoded`);
      }
      expect(breaches).toEqual([]);
    });
  });
});
