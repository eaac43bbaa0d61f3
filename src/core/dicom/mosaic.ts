import type dicomParser from 'dicom-parser';
import type { Vec3 } from '../math/types';
import type { FrameInfo, MosaicGrid } from './types';
import { rawBytes, texts } from './elementValues';
import { SIEMENS_CSA_SERIES_TAG, csaMosaicCount, csaSliceNormal } from './diffusion/siemens';
import { protocolNumber, protocolText } from './diffusion/siemensCsa';
import { rowColumn } from './geometry/rowColumn';
import { add, scale } from '../math/vec3Arithmetic';
import { unit } from '../math/vec3Length';
import { cross, dot } from '../math/vec3Products';

/** What a mosaic image header says about its tiles. */
export interface MosaicHeader {
  /** Number of slices tiled into the image. */
  slices: number;
  grid: MosaicGrid;
  /** LPS unit vector from tile t to tile t + 1; null when the header does not say (then assumed cross(row, column)). */
  tileDirection: Vec3 | null;
}

/**
 * Slice count, grid and tile direction of a Siemens MOSAIC image (ImageType contains MOSAIC); null for
 * non-mosaic images or when no slice count exists. The count is the image CSA header's
 * NumberOfImagesInMosaic, or, when anonymisers stripped it, `sSliceArray.lSize` of the series CSA
 * header's Phoenix protocol. The direction is described at `mosaicTileDirection`.
 */
export function readMosaicHeader(ds: dicomParser.DataSet, frame: FrameInfo): MosaicHeader | null {
  if (!texts(ds, 'x00080008').some((v) => v.toUpperCase() === 'MOSAIC')) return null;
  const series = rawBytes(ds, SIEMENS_CSA_SERIES_TAG);
  const protocol = series ? protocolText(series) : null;
  const count = csaMosaicCount(ds) ?? (protocol === null ? null : protocolNumber(protocol, 'sSliceArray.lSize'));
  if (count === null || !Number.isInteger(count) || count < 1) return null;
  const grid = squareGrid(count);
  if (!gridFits(grid, frame)) return null;
  return { slices: count, grid, tileDirection: mosaicTileDirection(ds, protocol, frame, count) };
}

/** Siemens' layout: n tiles in a ⌈√n⌉ × ⌈√n⌉ square, the unused tiles at the end left blank. */
function squareGrid(slices: number): MosaicGrid {
  const perSide = Math.ceil(Math.sqrt(slices));
  return { across: perSide, down: perSide };
}

/** True when the image divides into the grid's whole tiles. */
export function gridFits(grid: MosaicGrid, frame: Pick<FrameInfo, 'rows' | 'columns'>): boolean {
  return frame.rows % grid.down === 0 && frame.columns % grid.across === 0;
}

/**
 * Direction (LPS unit vector) in which a mosaic's tiles advance. Siemens numbers the slices of a
 * mosaic foot→head or, with `sSliceArray.ucImageNumbTra/Cor/Sag` set, head→foot: the tile order then
 * runs against cross(row, column). Like dcm2niix, the image CSA header's SliceNormalVector decides
 * when present. When it was stripped, the Phoenix protocol's slice positions decide: tile 0 (at
 * ImagePositionPatient, already moved to the first tile) lies at one end of the protocol's
 * sSliceArray.asSlice[0 … n−1] stack, and tiles advance towards the other end.
 */
function mosaicTileDirection(ds: dicomParser.DataSet, protocol: string | null, frame: FrameInfo, slices: number): Vec3 | null {
  const stated = csaSliceNormal(ds);
  if (stated) return stated;
  if (protocol === null || slices < 2 || !frame.orientation || !frame.position) return null;
  const { row, column } = rowColumn(frame.orientation);
  const normal = unit(cross(row, column));
  const first = protocolSlicePosition(protocol, 0);
  const last = protocolSlicePosition(protocol, slices - 1);
  if (!normal || !first || !last) return null;
  const [d0, dFirst, dLast] = [frame.position, first, last].map((p) => dot(p, normal));
  if (Math.abs(dLast - dFirst) < 1e-6) return null;
  const farEnd = Math.abs(d0 - dFirst) <= Math.abs(d0 - dLast) ? dLast : dFirst;
  return farEnd > d0 ? normal : scale(normal, -1);
}

/** Centre of protocol slice `index` (LPS mm: dSag = x, dCor = y, dTra = z; absent components are 0), or null when the slice is not listed. */
function protocolSlicePosition(protocol: string, index: number): Vec3 | null {
  const components = (['dSag', 'dCor', 'dTra'] as const).map((axis) => protocolNumber(protocol, `sSliceArray.asSlice[${index}].sPosition.${axis}`));
  if (components.every((c) => c === null)) return null;
  return components.map((c) => c ?? 0) as Vec3;
}

/**
 * ImagePositionPatient of a Siemens mosaic names the corner of the whole mosaic, not of a tile; the
 * first tile's first voxel sits (mosaicColumns − tileColumns)/2 columns and (mosaicRows − tileRows)/2
 * rows further in (the same correction dcm2niix and nibabel apply). LPS mm.
 */
export function correctMosaicPosition(frame: FrameInfo, grid: MosaicGrid): Vec3 | null {
  if (!frame.position || !frame.orientation || !frame.pixelSpacing) return frame.position;
  const tileRows = frame.rows / grid.down;
  const tileColumns = frame.columns / grid.across;
  const { row, column } = rowColumn(frame.orientation);
  const [rowSpacing, columnSpacing] = frame.pixelSpacing;
  const alongRow = scale(row, (columnSpacing * (frame.columns - tileColumns)) / 2);
  const alongColumn = scale(column, (rowSpacing * (frame.rows - tileRows)) / 2);
  return add(add(frame.position, alongRow), alongColumn);
}
