import dicomParser from 'dicom-parser';
import { DicomError } from '../errors';
import type { PixelModule } from './readPixelModule';
import { isNativeSyntax, TransferSyntax } from './transferSyntax';
import { frameByteLength, validatePixelLayout } from './validatePixelLayout';

const PIXEL_DATA = 'x7fe00010';

/**
 * The encoded bytes of frame `frameIndex` (0-based) of a parsed file: a byte range of native
 * Pixel Data, or the frame's fragment(s) of encapsulated Pixel Data located through the Basic
 * Offset Table, one-fragment-per-frame, or (JPEG only) a table rebuilt from the fragment markers.
 * The layout must already have been checked by validatePixelLayout (done in `pixelDataElement`).
 */
export function extractFrameBytes(
  file: string,
  ds: dicomParser.DataSet,
  transferSyntaxUID: string,
  pixel: PixelModule,
  frameIndex: number,
): Uint8Array {
  const element = pixelDataElement(file, ds, transferSyntaxUID, pixel);
  if (frameIndex < 0 || frameIndex >= pixel.frames) throw new DicomError(file, `frame ${frameIndex} outside 0..${pixel.frames - 1}`);
  if (isNativeSyntax(transferSyntaxUID)) {
    const length = frameByteLength(pixel);
    return ds.byteArray.subarray(element.dataOffset + frameIndex * length, element.dataOffset + (frameIndex + 1) * length);
  }
  const fragments = element.fragments ?? [];
  try {
    if ((element.basicOffsetTable?.length ?? 0) > 0) {
      return dicomParser.readEncapsulatedImageFrame(ds, element, frameIndex);
    }
    if (pixel.frames === 1) {
      return dicomParser.readEncapsulatedPixelDataFromFragments(ds, element, 0, fragments.length);
    }
    if (fragments.length === pixel.frames) {
      return dicomParser.readEncapsulatedPixelDataFromFragments(ds, element, frameIndex, 1);
    }
    if (isJpegFamily(transferSyntaxUID)) {
      const table = dicomParser.createJPEGBasicOffsetTable(ds, element);
      return dicomParser.readEncapsulatedImageFrame(ds, element, frameIndex, table);
    }
  } catch (err) {
    throw new DicomError(file, `cannot locate frame ${frameIndex}: ${err instanceof Error ? err.message : String(err)}`);
  }
  throw new DicomError(file, `${pixel.frames} frames in ${fragments.length} fragments without a Basic Offset Table`);
}

/** Pixel Data element after validating the pixel module against it; throws DicomError when absent. */
function pixelDataElement(file: string, ds: dicomParser.DataSet, transferSyntaxUID: string, pixel: PixelModule): dicomParser.Element {
  const element = ds.elements[PIXEL_DATA];
  if (!element) throw new DicomError(file, 'no Pixel Data (7FE0,0010)');
  const native = isNativeSyntax(transferSyntaxUID);
  if (native && element.encapsulatedPixelData) throw new DicomError(file, `encapsulated Pixel Data under native transfer syntax ${transferSyntaxUID}`);
  if (!native && !element.encapsulatedPixelData) throw new DicomError(file, `native Pixel Data under compressed transfer syntax ${transferSyntaxUID}`);
  // The element length is clamped to the bytes actually present: a truncated file must fail here.
  const available = native ? Math.min(element.length, ds.byteArray.length - element.dataOffset) : null;
  validatePixelLayout(file, pixel, pixel.frames, available);
  return element;
}

/** JPEG process 1/2-4/14: fragments can be split at SOI markers when no offset table is given. */
function isJpegFamily(uid: string): boolean {
  return (
    uid === TransferSyntax.jpegBaseline8 ||
    uid === TransferSyntax.jpegExtended12 ||
    uid === TransferSyntax.jpegLossless14 ||
    uid === TransferSyntax.jpegLosslessSV1
  );
}
