import type dicomParser from 'dicom-parser';
import type { FrameLayout } from './FrameDecoder';

/** The Image Pixel module of a parsed file plus its frame count (1 when NumberOfFrames is absent). */
export interface PixelModule extends FrameLayout {
  frames: number;
}

/** Reads the pixel module; missing attributes become NaN/defaults so validatePixelLayout reports them. */
export function readPixelModule(ds: dicomParser.DataSet): PixelModule {
  const bitsAllocated = ds.uint16('x00280100') ?? NaN;
  return {
    rows: ds.uint16('x00280010') ?? NaN,
    columns: ds.uint16('x00280011') ?? NaN,
    bitsAllocated,
    bitsStored: ds.uint16('x00280101') ?? bitsAllocated,
    pixelRepresentation: ds.uint16('x00280103') ?? 0,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    planarConfiguration: ds.uint16('x00280006') ?? 0,
    frames: ds.intString('x00280008') ?? 1,
  };
}
