import type dicomParser from 'dicom-parser';
import type { Vec3 } from '../math/types';
import type { FrameInfo } from './types';
import { checkFrames } from './checkFrames';
import { decimal, decimals, firstItem, items, text, texts, uint16 } from './elementValues';
import { readClassicDiffusion } from './diffusion/readDiffusion';
import { philipsVolumeNumber } from './diffusion/philips';
import { readStandardDiffusion } from './diffusion/standard';
import { correctMosaicPosition, readMosaicHeader } from './mosaic';
import { readPixelModule } from './pixels/readPixelModule';
import { readFrameTiming } from './timing/readFrameTiming';
import { readUihGrid } from './uihGrid';
import { validatePixelLayout } from './pixels/validatePixelLayout';

/** ImageType values that mark a derived (computed, not acquired) image. */
const DERIVED_MARKERS = ['ADC', 'FA', 'TRACE', 'ISOTROPIC', 'EADC', 'EXP', 'CALC_BVALUE', 'COLFA', 'TENSOR_B0'];

/**
 * One FrameInfo per image in a file: one for a classic file, one per frame of an enhanced
 * multi-frame file (per-frame functional groups override the shared ones, as the standard says).
 * Positions are LPS mm, orientation direction cosines, pixel spacing mm [row, column].
 */
export function readFrames(file: string, ds: dicomParser.DataSet, manufacturer: string): FrameInfo[] {
  assertDecodableLayout(file, ds);
  const perFrame = items(ds, 'x52009230');
  if (perFrame.length > 0) return checkFrames(file, ds, readEnhancedFrames(file, ds, perFrame));
  return checkFrames(file, ds, [readClassicFrame(file, ds, manufacturer)]);
}

/**
 * The pixel module, checked when the file is indexed: a series is sized from these headers
 * (assembleVolume allocates nx·ny·nz·nt floats before decoding a file), so a corrupt Rows = 60000
 * must skip the file here, with the decoder's own message, rather than cost gigabytes later. Native
 * Pixel Data must also hold the declared samples (its element length is known from the header).
 */
function assertDecodableLayout(file: string, ds: dicomParser.DataSet): void {
  const pixel = readPixelModule(ds);
  const element = ds.elements.x7fe00010;
  const nativeBytes = element && !element.hadUndefinedLength ? element.length : null;
  validatePixelLayout(file, pixel, pixel.frames, nativeBytes);
}

function readClassicFrame(file: string, ds: dicomParser.DataSet, manufacturer: string): FrameInfo {
  const orientation = orientationOf(ds);
  const rows = uint16(ds, 'x00280010') ?? 0;
  const columns = uint16(ds, 'x00280011') ?? 0;
  const pixelSpacing = pair(decimals(ds, 'x00280030'));
  const frame: FrameInfo = {
    file,
    frameIndex: 0,
    sopInstanceUID: text(ds, 'x00080018'),
    instanceNumber: decimal(ds, 'x00200013'),
    rows,
    columns,
    position: vec3(decimals(ds, 'x00200032')),
    orientation,
    pixelSpacing,
    sliceThickness: decimal(ds, 'x00180050'),
    spacingBetweenSlices: decimal(ds, 'x00180088'),
    temporalIndex: philipsVolumeNumber(ds) ?? decimal(ds, 'x00200100'),
    diffusion: readClassicDiffusion(ds, manufacturer, orientation),
    timing: readFrameTiming(ds),
    derived: isDerived(texts(ds, 'x00080008')),
  };
  const mosaic = readMosaicHeader(ds, frame);
  if (mosaic !== null) {
    frame.mosaicSlices = mosaic.slices;
    frame.mosaicGrid = mosaic.grid;
    frame.mosaicTileDirection = mosaic.tileDirection;
    frame.position = correctMosaicPosition(frame, mosaic.grid);
  }
  const uih = mosaic === null ? readUihGrid(ds, frame) : null;
  if (uih !== null) {
    frame.mosaicSlices = uih.slices;
    frame.mosaicGrid = uih.grid;
    frame.mosaicTileDirection = uih.tileDirection;
    frame.position = uih.position;
  }
  return frame;
}

function readEnhancedFrames(file: string, ds: dicomParser.DataSet, perFrame: dicomParser.DataSet[]): FrameInfo[] {
  const shared = firstItem(ds, 'x52009229');
  const rows = uint16(ds, 'x00280010') ?? 0;
  const columns = uint16(ds, 'x00280011') ?? 0;
  const derivedFile = isDerived(texts(ds, 'x00080008'));
  const instanceNumber = decimal(ds, 'x00200013');
  const sopInstanceUID = text(ds, 'x00080018');
  return perFrame.map((group, frameIndex): FrameInfo => {
    /** A functional group macro: this frame's own item if present, else the shared one. */
    const macro = (tag: string): dicomParser.DataSet | null => firstItem(group, tag) ?? (shared ? firstItem(shared, tag) : null);
    const position = macro('x00209113');
    const orientation = macro('x00209116');
    const measures = macro('x00289110');
    const diffusion = macro('x00189117');
    const content = macro('x00209111');
    const frameType = macro('x00189226');
    const frameTypes = frameType ? texts(frameType, 'x00089007') : [];
    return {
      file,
      frameIndex,
      sopInstanceUID,
      instanceNumber,
      rows,
      columns,
      position: position ? vec3(decimals(position, 'x00200032')) : null,
      orientation: orientation ? six(decimals(orientation, 'x00200037')) : null,
      pixelSpacing: measures ? pair(decimals(measures, 'x00280030')) : null,
      sliceThickness: measures ? decimal(measures, 'x00180050') : null,
      spacingBetweenSlices: measures ? decimal(measures, 'x00180088') : null,
      temporalIndex: content ? temporalIndexOf(content) : null,
      dimensionIndex: content ? dimensionIndexOf(content) : null,
      diffusion: diffusion ? readStandardDiffusion(diffusion, 'enhanced-per-frame') : null,
      timing: readFrameTiming(ds, content),
      derived: derivedFile || isDerived(frameTypes),
    };
  });
}

/** TemporalPositionIndex (0020,9128) when present; dimension indices are vendor-defined so not used. */
function temporalIndexOf(content: dicomParser.DataSet): number | null {
  const element = content.elements.x00209128;
  return element && element.length === 4 ? (content.uint32('x00209128') ?? null) : null;
}

/** DimensionIndexValues (0020,9157) UL×n, or null when absent. */
function dimensionIndexOf(content: dicomParser.DataSet): number[] | null {
  const element = content.elements.x00209157;
  if (!element || element.length === 0 || element.length % 4 !== 0) return null;
  return Array.from({ length: element.length / 4 }, (_, i) => content.uint32('x00209157', i) ?? 0);
}

function isDerived(imageType: string[]): boolean {
  const upper = imageType.map((v) => v.toUpperCase());
  if (upper[0] === 'DERIVED' && upper.some((v) => DERIVED_MARKERS.includes(v))) return true;
  return upper.some((v) => ['ADC', 'FA', 'TRACE', 'ISOTROPIC', 'EADC', 'COLFA'].includes(v));
}

function orientationOf(ds: dicomParser.DataSet): FrameInfo['orientation'] {
  return six(decimals(ds, 'x00200037'));
}

function vec3(v: number[] | null): Vec3 | null {
  return v && v.length >= 3 ? [v[0], v[1], v[2]] : null;
}

function pair(v: number[] | null): [number, number] | null {
  return v && v.length >= 2 ? [v[0], v[1]] : null;
}

function six(v: number[] | null): FrameInfo['orientation'] {
  return v && v.length >= 6 ? [v[0], v[1], v[2], v[3], v[4], v[5]] : null;
}
