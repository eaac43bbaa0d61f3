import type dicomParser from 'dicom-parser';
import { decimal, text } from '../elementValues';
import { dicomDateTimeSeconds } from './dicomDateTimeSeconds';
import { dicomTimeSeconds } from './dicomTimeSeconds';
import type { FrameTiming } from './types';

/**
 * The timing tags of a classic image (`ds`), or of one frame of an enhanced object: its
 * FrameContentSequence item `content` (per-frame date-time) over the file's own tags.
 */
export function readFrameTiming(ds: dicomParser.DataSet, content: dicomParser.DataSet | null = null): FrameTiming {
  const frameDateTime = content ? text(content, 'x00189074') || text(content, 'x00189151') : '';
  return {
    frameDateTimeS: frameDateTime ? dicomDateTimeSeconds(frameDateTime) : null,
    temporalPosition: decimal(ds, 'x00200100'),
    triggerTimeMs: decimal(ds, 'x00181060'),
    acquisitionNumber: decimal(ds, 'x00200012'),
    acquisitionTimeS: dicomTimeSeconds(text(ds, 'x00080032')),
    contentTimeS: dicomTimeSeconds(text(ds, 'x00080033')),
  };
}
