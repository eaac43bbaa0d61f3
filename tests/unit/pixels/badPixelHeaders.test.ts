import { describe, expect, it } from 'vitest';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { decodeFileFrames } from '../../../src/core/dicom/pixels/decodeFileFrames';
import { DicomError } from '../../../src/core/dicom/errors';
import { memorySource } from './nodeFiles';
import { syntheticDicom } from './syntheticDicom';

const decoder = createFrameDecoder();

async function failure(path: string, bytes: Uint8Array): Promise<DicomError> {
  const err = await decodeFileFrames(memorySource(path, bytes), decoder).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DicomError);
  expect((err as DicomError).file).toBe(path);
  return err as DicomError;
}

describe('pixel headers are checked against the buffer before decoding', () => {
  it('decodes a well-formed signed 16-bit file with rescale', async () => {
    const values = new Int16Array([-5, 0, 7, 300, -32768, 32767]);
    const bytes = syntheticDicom({ rows: 2, columns: 3, pixelRepresentation: 1, pixelBytes: new Uint8Array(values.buffer), slope: 2, intercept: -1 });
    const { frames, pixel } = await decodeFileFrames(memorySource('ok.dcm', bytes), decoder);
    expect(pixel.rows).toBe(2);
    expect(Array.from(frames[0])).toEqual(Array.from(values, (v) => v * 2 - 1));
  });

  it('rejects rows × columns larger than the pixel data, naming the file', async () => {
    const bytes = syntheticDicom({ rows: 512, columns: 512, pixelBytes: new Uint8Array(64) });
    const err = await failure('series/too-big.dcm', bytes);
    expect(err.reason).toMatch(/pixel data holds 64 bytes/);
    expect(err.message).toContain('series/too-big.dcm');
  });

  it('rejects more frames than the buffer holds', async () => {
    const bytes = syntheticDicom({ rows: 2, columns: 2, frames: 3, pixelBytes: new Uint8Array(16) });
    expect((await failure('frames.dcm', bytes)).reason).toMatch(/3 frames need 24/);
  });

  it('rejects absurd dimensions before allocating', async () => {
    const bytes = syntheticDicom({ rows: 60000, columns: 60000, pixelBytes: new Uint8Array(8) });
    expect((await failure('absurd.dcm', bytes)).reason).toMatch(/Rows 60000 outside/);
    const frames = syntheticDicom({ rows: 2, columns: 2, frames: 5_000_000, pixelBytes: new Uint8Array(8) });
    expect((await failure('frames.dcm', frames)).reason).toMatch(/NumberOfFrames 5000000 outside/);
  });

  it('rejects unsupported BitsAllocated', async () => {
    const bytes = syntheticDicom({ rows: 2, columns: 2, bitsAllocated: 12, pixelBytes: new Uint8Array(8) });
    expect((await failure('bits.dcm', bytes)).reason).toMatch(/BitsAllocated 12/);
  });

  it('rejects a file that is not DICOM', async () => {
    await failure('notes.txt', new TextEncoder().encode('hello, not a DICOM file at all'));
  });
});
