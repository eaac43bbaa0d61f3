import type { FrameInfo } from '../types';

/** Where a series' frame times come from, in the order of preference. */
export type TimeSource = 'frame-datetime' | 'trigger-time' | 'acquisition-time' | 'content-time';

/**
 * The most trustworthy timing every frame of the series states: per-frame date-time of enhanced
 * objects; Temporal Position Identifier with Trigger Time; Acquisition Time (vendors pairing it
 * with Acquisition Number, one per time point); Content Time. Null when none is on every frame.
 */
export function chooseTimeSource(frames: readonly FrameInfo[]): TimeSource | null {
  const all = (has: (f: FrameInfo) => boolean): boolean => frames.length > 0 && frames.every(has);
  if (all((f) => f.timing?.frameDateTimeS != null)) return 'frame-datetime';
  if (all((f) => f.timing?.temporalPosition != null && f.timing.triggerTimeMs != null)) return 'trigger-time';
  if (all((f) => f.timing?.acquisitionTimeS != null)) return 'acquisition-time';
  if (all((f) => f.timing?.contentTimeS != null)) return 'content-time';
  return null;
}

/** A frame's time in s by the chosen source (absolute: relative times are made by the caller). */
export function frameTimeOf(frame: FrameInfo, source: TimeSource): number {
  const t = frame.timing!;
  switch (source) {
    case 'frame-datetime':
      return t.frameDateTimeS!;
    case 'trigger-time':
      return t.triggerTimeMs! / 1000;
    case 'acquisition-time':
      return t.acquisitionTimeS!;
    case 'content-time':
      return t.contentTimeS!;
  }
}
