import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { SegmentationInput, SegmentationSnapshot, StoredSegmentation } from './records.js';

/**
 * Compact, exact text form of a labelmap for the measurement store: raw deflate (fflate, level 9)
 * then base64. A stroke lesion labelmap is almost all zeros, so a 128×128×60 grid (~1 MB) stores
 * in a few hundred bytes, and JSON (SQLite text column, IndexedDB, audit before/after) carries it.
 */
export function encodeLabels(labels: Uint8Array): string {
  return btoa(strFromU8(deflateSync(labels, { level: 9 }), true));
}

/** Inverse of encodeLabels; throws unless the labels hold exactly `count` voxels. */
export function decodeLabels(text: string, count: number): Uint8Array {
  const labels = inflateSync(strToU8(atob(text), true));
  if (labels.length !== count) throw new Error(`stored segmentation has ${labels.length} voxels, its grid ${count}`);
  return labels;
}

function countLabelled(labels: Uint8Array): number {
  let n = 0;
  for (let v = 0; v < labels.length; v++) if (labels[v] !== 0) n++;
  return n;
}

/** The audited snapshot of a segmentation; throws when the labels do not fill its grid. */
export function toSegmentationSnapshot(input: SegmentationInput): SegmentationSnapshot {
  const [nx, ny, nz] = input.dims;
  if (input.labels.length !== nx * ny * nz) throw new Error(`segmentation has ${input.labels.length} labels for a ${nx}×${ny}×${nz} grid`);
  const { labels, ...rest } = input;
  return { ...rest, encoding: 'deflate-base64', labels: encodeLabels(labels), voxels: countLabelled(labels) };
}

/** A stored snapshot back as labels, with its stamps. */
export function fromSegmentationSnapshot(snapshot: SegmentationSnapshot, stamps: Pick<StoredSegmentation, 'createdBy' | 'updatedBy' | 'createdAt' | 'updatedAt'>): StoredSegmentation {
  const { encoding: _encoding, labels, ...rest } = snapshot;
  const [nx, ny, nz] = snapshot.dims;
  return { ...rest, labels: decodeLabels(labels, nx * ny * nz), ...stamps };
}
