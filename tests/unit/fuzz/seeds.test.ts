// First: wraps the allocators before fflate is loaded (see allocationProbe).
import './allocationProbe';
import { describe, expect, it } from 'vitest';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { decodeFileFrames } from '../../../src/core/dicom/pixels/decodeFileFrames';
import { hasSharedDicom, sharedDicomSkipMessage } from '../../helpers/sharedData';
import { runPipeline } from './harness';
import { delimiterOffsets, marksOf } from './mutations';
import { memorySource } from '../pixels/nodeFiles';
import { generatedSeeds, realSeeds, seedFile } from './seeds';

/** The fuzz seeds must themselves be valid, or every mutation test would pass vacuously. */
describe('fuzz seeds are valid files', () => {
  it.each(generatedSeeds().map((s) => [s.name, s] as const))('%s indexes and decodes to its 8×8 ramp', async (name, seed) => {
    const report = await runPipeline(name, seedFile(seed));
    expect(report.breaches).toEqual([]);
    expect(report.header).toBe('ok');
    expect(report.index).toBe('indexed');
    expect(report.pixels).toBe('ok');
    // The ramp written by the seed generator: stored value of pixel i in frame f = (97 f + 13 i) & 0xfff.
    const decoded = await decodeFileFrames(memorySource(name, seedFile(seed)), createFrameDecoder());
    decoded.frames.forEach((frame, f) => expect(Array.from(frame)).toEqual(Array.from({ length: 64 }, (_, i) => (f * 97 + i * 13) & 0xfff)));
    expect(decoded.frames.length).toBe(name.includes('enhanced') ? 3 : 1);
  });

  it('marks cover the pixel module, nested items and delimiters', () => {
    for (const seed of generatedSeeds()) {
      const marks = marksOf(seed);
      const tags = new Set(marks.map((m) => m.tag));
      for (const t of ['x00280010', 'x00280011', 'x00280100', 'x7fe00010', 'item']) expect(tags, `${seed.name} ${t}`).toContain(t);
      expect(delimiterOffsets(seed).length, seed.name).toBeGreaterThanOrEqual(3);
    }
  });

  describe.skipIf(!hasSharedDicom)(`real seeds (${hasSharedDicom ? 'shared data present' : sharedDicomSkipMessage})`, () => {
    it.each(realSeeds().map((s) => [s.name, s] as const))('%s indexes and decodes', async (name, seed) => {
      const report = await runPipeline(name, seedFile(seed));
      expect(report.breaches).toEqual([]);
      expect(report.index).toBe('indexed');
      expect(report.pixels).toBe('ok');
      expect(marksOf(seed).length).toBeGreaterThan(50);
    });
  });
});
