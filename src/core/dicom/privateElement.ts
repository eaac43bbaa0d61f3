import type dicomParser from 'dicom-parser';
import { text } from './elementValues';

/**
 * dicom-parser key ('xggggxxee') of the private element (group, ee) that `creator` owns in this data
 * set: the block xx is whichever (gggg,00xx) reservation names the creator (PS3.5 §7.8.1), so a file
 * that reserved another block than the vendor's usual 0x10 is still read right, and an element of
 * another creator at the usual tag is never mistaken for it. Null when the creator reserved no block.
 * `element` is the vendor's usual tag, e.g. 0x1009 for (0065,1009); only its low byte ee counts.
 */
export function privateElementKey(ds: dicomParser.DataSet, creator: string, group: number, element: number): string | null {
  const groupHex = group.toString(16).padStart(4, '0');
  const offset = (element & 0xff).toString(16).padStart(2, '0');
  for (let block = 0x10; block <= 0xff; block++) {
    const blockHex = block.toString(16).padStart(2, '0');
    const reservation = `x${groupHex}00${blockHex}`;
    if (ds.elements[reservation] && text(ds, reservation) === creator) return `x${groupHex}${blockHex}${offset}`;
  }
  return null;
}
