import type dicomParser from 'dicom-parser';
import { checkFrameGeometry } from './geometry/checkGeometry';
import { checkRescale } from './pixels/checkRescale';
import type { FrameInfo } from './types';

/**
 * The frames of one file once their values are checked (checkFrameGeometry, checkRescale): throws
 * a DicomError naming the file and tag for what cannot be right; a fallback in use is noted on the
 * frame (`warnings`), for its series to list.
 */
export function checkFrames(file: string, ds: dicomParser.DataSet, frames: FrameInfo[]): FrameInfo[] {
  for (const frame of frames) {
    checkFrameGeometry(file, frame);
    const warning = checkRescale(file, ds, frame.frameIndex);
    if (warning) frame.warnings = [warning];
  }
  return frames;
}
