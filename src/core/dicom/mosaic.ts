import type dicomParser from 'dicom-parser';
import type { Vec3 } from '../math/types';
import type { FrameInfo } from './types';
import { rawBytes, texts } from './elementValues';
import { SIEMENS_CSA_SERIES_TAG, csaMosaicCount } from './diffusion/siemens';
import { asciiProtocolNumber } from './diffusion/siemensCsa';
import { add, rowColumn, scale } from './geometry/vec3';

/**
 * Number of slices tiled into a Siemens MOSAIC image (ImageType contains MOSAIC): the image CSA
 * header's NumberOfImagesInMosaic, or, when anonymisers stripped it, `sSliceArray.lSize` from the
 * series CSA header's Phoenix protocol text. Null for non-mosaic images or when neither exists.
 */
export function mosaicSliceCount(ds: dicomParser.DataSet, rows: number, columns: number): number | null {
  if (!texts(ds, 'x00080008').some((v) => v.toUpperCase() === 'MOSAIC')) return null;
  const fromImage = csaMosaicCount(ds);
  const series = rawBytes(ds, SIEMENS_CSA_SERIES_TAG);
  const count = fromImage ?? (series ? asciiProtocolNumber(series, 'sSliceArray.lSize') : null);
  if (count === null || count < 1) return null;
  const perSide = Math.ceil(Math.sqrt(count));
  return rows % perSide === 0 && columns % perSide === 0 ? count : null;
}

/**
 * ImagePositionPatient of a mosaic names the corner of the whole mosaic, not of a tile; the first
 * tile's first voxel sits (mosaicColumns − tileColumns)/2 columns and (mosaicRows − tileRows)/2 rows
 * further in (the same correction dcm2niix and nibabel apply). LPS mm.
 */
export function correctMosaicPosition(frame: FrameInfo, slices: number): Vec3 | null {
  if (!frame.position || !frame.orientation || !frame.pixelSpacing) return frame.position;
  const perSide = Math.ceil(Math.sqrt(slices));
  const tileRows = frame.rows / perSide;
  const tileColumns = frame.columns / perSide;
  const { row, column } = rowColumn(frame.orientation);
  const [rowSpacing, columnSpacing] = frame.pixelSpacing;
  const alongRow = scale(row, (columnSpacing * (frame.columns - tileColumns)) / 2);
  const alongColumn = scale(column, (rowSpacing * (frame.rows - tileRows)) / 2);
  return add(add(frame.position, alongRow), alongColumn);
}
