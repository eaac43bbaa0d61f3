import type { Vec3 } from '../math/types';
import { items, number, values } from './datasetAccess';
import { unpackFrame } from './packBits';
import type { Dataset } from './part10';

/** One segment of a SEG as read: its number, label, tracking UID and its frames (position LPS mm, 0/1 pixels). */
export interface ReadSegment {
  segmentNumber: number;
  label: string;
  trackingUid: string;
  frames: { position: Vec3; pixels: Uint8Array }[];
}

export interface ReadSegmentation {
  sopInstanceUID: string;
  rows: number;
  columns: number;
  segments: ReadSegment[];
}

function pixelBytes(value: unknown): Uint8Array {
  const v = values(value)[0];
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  throw new Error('no Pixel Data');
}

/** The segments of a binary SEG (our own, or any binary SEG with per-frame plane positions). `name` names it in errors. */
export function readSegmentation(ds: Dataset, name: string): ReadSegmentation {
  if (String(ds.SegmentationType) !== 'BINARY') throw new Error(`${name}: a ${String(ds.SegmentationType)} segmentation; only BINARY ones are read`);
  const rows = number(ds.Rows);
  const columns = number(ds.Columns);
  const packed = pixelBytes(ds.PixelData);
  const segments = new Map<number, ReadSegment>();
  for (const s of items(ds.SegmentSequence)) {
    segments.set(number(s.SegmentNumber), { segmentNumber: number(s.SegmentNumber), label: String(s.SegmentLabel ?? ''), trackingUid: String(s.TrackingUID ?? ''), frames: [] });
  }
  items(ds.PerFrameFunctionalGroupsSequence).forEach((frame, f) => {
    const segment = segments.get(number(items(frame.SegmentIdentificationSequence)[0]?.ReferencedSegmentNumber));
    const position = values(items(frame.PlanePositionSequence)[0]?.ImagePositionPatient).map(Number);
    if (!segment || position.length !== 3) throw new Error(`${name}: frame ${f + 1} has no segment number or plane position`);
    segment.frames.push({ position: position as Vec3, pixels: unpackFrame(packed, f, rows * columns) });
  });
  return { sopInstanceUID: String(ds.SOPInstanceUID), rows, columns, segments: [...segments.values()] };
}
