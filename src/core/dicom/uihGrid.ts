import type dicomParser from 'dicom-parser';
import type { Vec3 } from '../math/types';
import type { FrameInfo, MosaicGrid } from './types';
import { decimal, decimals, items, texts } from './elementValues';
import { gridFits } from './mosaic';
import { privateElementKey } from './privateElement';
import { UIH_IMAGE_HEADER } from './privateTags';
import { sub } from '../math/vec3Arithmetic';
import { unit } from '../math/vec3Length';

/** What a United Imaging VFRAME grid image says about its tiles. */
export interface UihGrid {
  slices: number;
  grid: MosaicGrid;
  /** ImagePositionPatient of tile 0's first voxel, LPS mm (the image itself states none). */
  position: Vec3;
  /** LPS unit vector from tile t to tile t + 1, from the tiles' positions; null for a single tile. */
  tileDirection: Vec3 | null;
}

/**
 * A United Imaging grid image (ImageType …\VFRAME): one volume whose `n` slices are tiled
 * ⌈√n⌉ across and only as many rows down as needed (20 slices of 64×64 in a 320×256 image: 5 × 4,
 * dcm2niix's layout for UIH, where Siemens would leave a fifth blank row). `n` is
 * NumberOfImagesInGrid (0065,1050); each tile's ImagePositionPatient is in the VFrameSequence
 * (0065,1051), one item per tile in tile order, both in the creator 'Image Private Header' block.
 * Null when the image is not such a grid or its header does not describe one consistently (then it
 * stays an ordinary image, and planning names what is missing).
 */
export function readUihGrid(ds: dicomParser.DataSet, frame: Pick<FrameInfo, 'rows' | 'columns'>): UihGrid | null {
  if (!texts(ds, 'x00080008').some((v) => v.toUpperCase() === 'VFRAME')) return null;
  const countKey = privateElementKey(ds, UIH_IMAGE_HEADER, 0x0065, 0x1050);
  const sequenceKey = privateElementKey(ds, UIH_IMAGE_HEADER, 0x0065, 0x1051);
  const slices = countKey ? decimal(ds, countKey) : null;
  if (slices === null || !Number.isInteger(slices) || slices < 1 || !sequenceKey) return null;
  const across = Math.ceil(Math.sqrt(slices));
  const grid = { across, down: Math.ceil(slices / across) };
  if (!gridFits(grid, frame)) return null;
  const positions = items(ds, sequenceKey).map((item) => decimals(item, 'x00200032'));
  if (positions.length !== slices || positions.some((p) => !p || p.length < 3)) return null;
  const first = positions[0]!.slice(0, 3) as Vec3;
  const last = positions[slices - 1]!.slice(0, 3) as Vec3;
  return { slices, grid, position: first, tileDirection: slices > 1 ? unit(sub(last, first)) : null };
}
