import type dicomParser from 'dicom-parser';
import { DicomError } from '../errors';
import type { FrameInfo } from '../types';
import { frameRescale } from './frameRescale';
import { isPaletteColour } from './paletteLut';
import { readPixelModule } from './readPixelModule';
import { isBigEndianSyntax, isNativeSyntax, TransferSyntax } from './transferSyntax';
import { frameByteLength, validatePixelLayout } from './validatePixelLayout';

const PIXEL_DATA = 'x7fe00010';

/**
 * Sets `nativePixels` on each frame of one file from its parsed header: the byte offset of the
 * frame's samples in the file, the pixel module and the frame's rescale. `shift` is how many bytes
 * the parsed buffer has before file byte 0 (a synthetic preamble/meta header added for files that
 * lack one). Left unset whenever the pixel data is compressed, deflated (offsets count in the
 * inflated stream), colour (palette indices included: they are not intensities), or does not hold
 * every frame: assembly then takes the full-parse path, which reports such problems in its own words.
 */
export function setNativeFrameLocations(file: string, ds: dicomParser.DataSet, transferSyntaxUID: string, shift: number, frames: FrameInfo[]): void {
  if (!isNativeSyntax(transferSyntaxUID) || transferSyntaxUID === TransferSyntax.deflatedExplicitLittle) return;
  const element = ds.elements[PIXEL_DATA];
  if (!element || element.encapsulatedPixelData || element.length === 0xffffffff) return;
  const layout = readPixelModule(ds);
  if (layout.samplesPerPixel !== 1 || isPaletteColour(ds)) return;
  try {
    validatePixelLayout(file, layout, layout.frames, element.length);
  } catch (err) {
    if (err instanceof DicomError) return;
    throw err;
  }
  if (frames.some((f) => f.frameIndex >= layout.frames)) return;
  const length = frameByteLength(layout);
  const bigEndian = isBigEndianSyntax(transferSyntaxUID);
  for (const frame of frames) {
    frame.nativePixels = { offset: element.dataOffset - shift + frame.frameIndex * length, layout, bigEndian, ...frameRescale(ds, frame.frameIndex) };
  }
}
