import type { FileSource } from '../../io/FileSource';
import { DicomError } from '../errors';
import { decodeNativeFrame } from './decodeNativeFrame';
import { extractFrameBytes } from './extractFrameBytes';
import type { FrameDecoder } from './FrameDecoder';
import { applyPaletteLut } from './applyPaletteLut';
import { frameRescale } from './frameRescale';
import { isPaletteColour, type PaletteLut, readPaletteLut } from './paletteLut';
import { parseDicomFile } from './parseDicomFile';
import { type PixelModule, readPixelModule } from './readPixelModule';
import { isBigEndianSyntax, isNativeSyntax, TransferSyntax } from './transferSyntax';
import { validatePixelLayout } from './validatePixelLayout';

/**
 * Frames of one file as rescaled values (stored × slope + intercept), each rows × columns × samples,
 * row-major. PALETTE COLOR frames come out as RGB through their validated palette (no rescale: a
 * palette image has no modality LUT), and `pixel` then says 3 samples per pixel, colour-by-pixel.
 */
export interface DecodedFile {
  pixel: PixelModule;
  /** (0020,000E), '' when absent. */
  seriesInstanceUID: string;
  transferSyntaxUID: string;
  /** In the order of the requested frame indices. */
  frames: Float32Array[];
}

/**
 * Reads `source` once and decodes the requested frames (all when omitted) through `decoder`
 * for compressed syntaxes, or directly for native ones. Every failure is a DicomError naming the file.
 */
export async function decodeFileFrames(source: FileSource, decoder: FrameDecoder, frameIndices?: number[]): Promise<DecodedFile> {
  const bytes = await source.read();
  const ds = parseDicomFile(source.path, bytes);
  // Files without a meta header are implicit VR little endian by definition (PS3.10 §7.1 fallback).
  const transferSyntaxUID = (ds.string('x00020010') ?? TransferSyntax.implicitLittle).replace(/\0/g, '').trim();
  const pixel = readPixelModule(ds);
  // Validated before any frame is decoded, so a bad palette fails fast and in palette terms; the
  // matrix is checked first so an absurd one is still reported as such.
  let palette: PaletteLut | null = null;
  if (isPaletteColour(ds)) {
    validatePixelLayout(source.path, pixel, pixel.frames, null);
    palette = readPaletteLut(source.path, ds, pixel, isBigEndianSyntax(transferSyntaxUID));
  }
  const wanted = frameIndices ?? Array.from({ length: Number.isInteger(pixel.frames) ? pixel.frames : 1 }, (_, i) => i);
  const native = isNativeSyntax(transferSyntaxUID);
  const frames: Float32Array[] = [];
  for (const frameIndex of wanted) {
    const encoded = extractFrameBytes(source.path, ds, transferSyntaxUID, pixel, frameIndex);
    let samples;
    try {
      samples = native
        ? decodeNativeFrame(encoded, pixel, isBigEndianSyntax(transferSyntaxUID))
        : await decoder.decode(transferSyntaxUID, encoded, pixel);
    } catch (err) {
      if (err instanceof DicomError) throw err;
      throw new DicomError(source.path, `frame ${frameIndex}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const expected = pixel.rows * pixel.columns * pixel.samplesPerPixel;
    if (samples.length !== expected)
      throw new DicomError(source.path, `frame ${frameIndex} decoded to ${samples.length} samples, expected ${expected}`);
    if (palette) {
      frames.push(Float32Array.from(applyPaletteLut(samples, palette)));
      continue;
    }
    const { slope, intercept } = frameRescale(ds, frameIndex);
    const values = new Float32Array(expected);
    for (let i = 0; i < expected; i++) values[i] = samples[i] * slope + intercept;
    frames.push(values);
  }
  const layout = palette ? { ...pixel, samplesPerPixel: 3, planarConfiguration: 0 } : pixel;
  return { pixel: layout, seriesInstanceUID: (ds.string('x0020000e') ?? '').trim(), transferSyntaxUID, frames };
}
