// First: wraps the allocators before fflate is loaded (see allocationProbe).
import './allocationProbe';
import { describe, expect, it } from 'vitest';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { assembleVolume } from '../../../src/core/volume/assembleVolume';
import { memorySource } from '../pixels/nodeFiles';
import { DicomError } from '../../../src/core/dicom/errors';
import { PIXEL_LIMITS } from '../../../src/core/dicom/pixels/validatePixelLayout';
import { TransferSyntax } from '../../../src/core/dicom/pixels/transferSyntax';
import { allocationCap, largestAllocation, runPipeline } from './harness';
import { applyMutation, marksOf } from './mutations';
import { classicElements, generatedSeeds, ramp, seedFile } from './seeds';
import { type Element, encodeBody, joinPart10, metaGroup, rleFrame16 } from './tinyDicom';

/**
 * Declared sizes are validated before any typed view or buffer is made: a header claiming an
 * absurd matrix fails with a DicomError naming the file and never allocates what it claims.
 */
describe('absurd pixel modules are rejected before allocating', () => {
  it.each(generatedSeeds().map((s) => [s.name, s] as const))('%s with Rows = 60000', async (name, seed) => {
    const marks = marksOf(seed);
    const bytes = seedFile(seed, applyMutation(seed, marks, { kind: 'pixel', tag: 'x00280010', value: 60000 }));
    const report = await runPipeline(name, bytes);
    expect(report.breaches).toEqual([]);
    expect(report.pixels).toBeInstanceOf(DicomError);
    expect((report.pixels as DicomError).message).toBe(`${name}: Rows 60000 outside 1..${PIXEL_LIMITS.maxRows}`);
    // Skipped at indexing already, so no series is ever sized from it.
    expect(report.index).toBe(`Rows 60000 outside 1..${PIXEL_LIMITS.maxRows}`);
    expect(report.volume).toBe('none');
    // One 60000×8 16-bit frame would be 960 000 bytes (3.8 MB as float32): nothing near it is requested.
    expect(report.largestPixelAllocation).toBeLessThan(60000 * 8 * 2);
    expect(report.largestPixelAllocation).toBeLessThanOrEqual(allocationCap(bytes.length));
  });

  /** The DicomError of a pipeline run that must have failed cleanly. */
  const report = (r: Awaited<ReturnType<typeof runPipeline>>): DicomError => {
    expect(r.breaches).toEqual([]);
    expect(r.pixels).toBeInstanceOf(DicomError);
    return r.pixels as DicomError;
  };

  /** An 8×8 file whose header (after `patch`) claims something else. */
  const file = (patch: (elements: Element[]) => Element[], ts: string = TransferSyntax.explicitLittle): Uint8Array => {
    const pixel: Element =
      ts === TransferSyntax.rle ? { tag: 0x7fe00010, vr: 'OB', fragments: [rleFrame16(ramp(0))] } : { tag: 0x7fe00010, vr: 'OW', value: ramp(0) };
    return joinPart10(metaGroup(ts), encodeBody(patch(classicElements(pixel)), { littleEndian: true, explicitVr: true }), false);
  };
  const set = (tag: number, value: number) => (elements: Element[]) =>
    elements.map((e): Element => (e.tag === tag ? { tag, vr: 'US', value: [value] } : e));

  it('a palette-colour file with an absurd matrix and LUT descriptor is rejected naming the file', async () => {
    // PALETTE COLOR with a 65535-entry descriptor and no LUT data: the matrix must fail first, by name.
    const palette = (elements: Element[]): Element[] => {
      const out = set(0x00280011, 65535)(set(0x00280010, 65535)(elements)).map(
        (e): Element => (e.tag === 0x00280004 ? { tag: e.tag, vr: 'CS', value: 'PALETTE COLOR' } : e),
      );
      const at = out.findIndex((e) => e.tag > 0x00281101);
      out.splice(at, 0, { tag: 0x00281101, vr: 'US', value: [65535, 0, 16] }, { tag: 0x00281102, vr: 'US', value: [65535, 0, 16] }, { tag: 0x00281103, vr: 'US', value: [65535, 0, 16] });
      return out;
    };
    const bytes = file(palette);
    const report = await runPipeline('study/palette.dcm', bytes);
    expect(report.breaches).toEqual([]);
    expect((report.pixels as DicomError).message).toBe(`study/palette.dcm: Rows 65535 outside 1..${PIXEL_LIMITS.maxRows}`);
    expect(report.largestPixelAllocation).toBeLessThan(65535 * 2);
  });

  it.each([
    ['Columns 9000', set(0x00280011, 9000), /^Columns 9000 outside 1\.\.8192$/],
    ['BitsAllocated 64', set(0x00280100, 64), /^BitsAllocated 64 not supported/],
    ['BitsStored 17 of 16', set(0x00280101, 17), /^BitsStored 17 inconsistent with BitsAllocated 16$/],
    ['SamplesPerPixel 4', set(0x00280002, 4), /^SamplesPerPixel 4 not supported/],
    ['Rows 0', set(0x00280010, 0), /^Rows 0 outside/],
  ] as const)('%s (native and RLE) fails as a DicomError naming the file', async (_label, patch, reason) => {
    for (const ts of [TransferSyntax.explicitLittle, TransferSyntax.rle]) {
      const error = report(await runPipeline('study/bad.dcm', file(patch, ts)));
      expect(error.reason).toMatch(reason);
      expect(error.file).toBe('study/bad.dcm');
    }
  });

  it('an RLE stream too short for its declared matrix fails before the output is allocated', async () => {
    // 8192×8192 is inside PIXEL_LIMITS, so only the codec can tell: the 8×8 stream's segments hold
    // ~70 bytes and could expand to at most 64× that. Before the fix this decoded "successfully" as a
    // zero-filled 8192² image after allocating 128 MB + 256 MB.
    const huge = await runPipeline('study/rle-huge.dcm', file((e) => set(0x00280011, 8192)(set(0x00280010, 8192)(e)), TransferSyntax.rle));
    expect(report(huge).reason).toMatch(/^frame 0: RLE segment 0 has \d+ bytes, too few for 67108864 pixels$/);
    expect(huge.largestPixelAllocation).toBeLessThan(1 << 20);
    // 16×16 from an 8×8 stream is within the 64× bound: the segment runs dry and is reported, not zero-filled.
    const short = await runPipeline('study/rle-short.dcm', file((e) => set(0x00280011, 16)(set(0x00280010, 16)(e)), TransferSyntax.rle));
    expect(report(short).reason).toBe('frame 0: RLE segment 0 ends after 64 of 256 pixels');
  });

  // Compressed frames can only be checked after decoding: assembleVolume must refuse the declared total first.
  it('a series of tiny compressed files declaring the largest matrix fails as a DicomError', async () => {
    const files = Array.from({ length: 40 }, (_, k) => {
      const elements = set(0x00280011, 8192)(set(0x00280010, 8192)(classicElements({ tag: 0x7fe00010, vr: 'OB', fragments: [rleFrame16(ramp(k))] }))).map(
        (e): Element => (e.tag === 0x00200032 ? { tag: e.tag, vr: 'DS', value: `-100\\-100\\${k}` } : e.tag === 0x00200013 ? { tag: e.tag, vr: 'IS', value: String(k + 1) } : e),
      );
      return memorySource(`series/${k}.dcm`, joinPart10(metaGroup(TransferSyntax.rle), encodeBody(elements, { littleEndian: true, explicitVr: true }), false));
    });
    const index = await indexFiles(files);
    const [series] = index.patients[0].studies[0].series;
    expect(series.frames.length).toBe(40);
    const { result } = await largestAllocation(() => assembleVolume(planSeries(series), new Map(files.map((f) => [f.path, f])), createFrameDecoder()));
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).toBeInstanceOf(DicomError);
  });
});
