import { decodeFileFrames } from '../dicom/pixels/decodeFileFrames';
import { nativeFrameValues } from '../dicom/pixels/nativeFrameValues';
import { frameByteLength } from '../dicom/pixels/validatePixelLayout';
import type { FrameDecoder } from '../dicom/pixels/FrameDecoder';
import { unpackMosaic } from '../dicom/pixels/unpackMosaic';
import { DicomError } from '../dicom/errors';
import type { FrameInfo, NativeFrameLocation, SeriesPlan, Volume4D } from '../dicom/types';
import type { FileSource } from '../io/FileSource';
import type { Vec3 } from '../math/types';

export interface AssembleOptions {
  /**
   * Allocate the volume on a SharedArrayBuffer (where one exists: Node, a cross-origin-isolated
   * page): the DTI pool's workers then read it in place instead of the pool copying every slab.
   */
  shared?: boolean;
  signal?: AbortSignal;
  /** Called after each file: files done / total files. */
  onProgress?: (done: number, total: number) => void;
}

/** Where one decoded frame goes: volume t, and first slice k (a mosaic fills k … k + mosaicSlices − 1). */
interface Placement {
  frame: FrameInfo;
  t: number;
  k: number;
}

/** Files read concurrently: overlaps I/O latency (IPC, disk) without holding many files in memory. */
const READ_CONCURRENCY = 4;

/**
 * Decodes every frame of `plan` into one Volume4D: a single contiguous Float32Array, volume-major
 * (voxel (i, j, k) of volume t at ((t·nz + k)·ny + j)·nx + i, i along a row, j down the columns),
 * rescaled by each frame's RescaleSlope/Intercept (see frameRescale). Each file is read once, all
 * its needed frames decoded from that read (enhanced multi-frame: one read for the whole series);
 * uncompressed frames located at indexing are read as just their bytes, without a parse.
 * The same code runs over Node fs, IPC or browser FileSources. Throws DicomError naming the file on
 * bad pixel data, and the signal's reason when aborted.
 */
/** 2³⁰ voxels = 4 GiB of float32: far above any real 4D series a workstation can fit, far below what a forged header can claim. */
export const MAX_SERIES_VOXELS = 2 ** 30;

export async function assembleVolume(
  plan: SeriesPlan,
  files: Map<string, FileSource> | ((path: string) => FileSource),
  decoder: FrameDecoder,
  opts: AssembleOptions = {},
): Promise<Volume4D> {
  const [nx, ny, nz, nt] = plan.dims;
  if (plan.volumes.length !== nt) throw new RangeError(`plan has ${plan.volumes.length} volumes for nt = ${nt}`);
  const sourceOf = typeof files === 'function' ? files : (path: string) => lookup(files, path);
  const byFile = groupByFile(plan, nz);
  // Compressed frames are only decoded below: refuse an absurd declared size before allocating for it.
  if (nx * ny * nz * nt > MAX_SERIES_VOXELS) {
    const first = plan.volumes[0]?.slices[0]?.file ?? plan.seriesInstanceUID ?? 'series';
    throw new DicomError(first, `series declares ${nx}×${ny}×${nz}×${nt} voxels, more than the ${MAX_SERIES_VOXELS} a volume may hold`);
  }
  const length = nx * ny * nz * nt;
  const data = opts.shared && typeof SharedArrayBuffer !== 'undefined' ? new Float32Array(new SharedArrayBuffer(length * 4)) : new Float32Array(length);
  let seriesInstanceUID = plan.seriesInstanceUID ?? '';
  let done = 0;
  const queue = [...byFile.entries()];

  const worker = async () => {
    // This lane's reused read buffer (see FileSource.readInto); lanes never share one.
    const scratch: Scratch = { bytes: new Uint8Array(0) };
    for (let next = queue.shift(); next; next = queue.shift()) {
      opts.signal?.throwIfAborted();
      const [path, placements] = next;
      if (await readLocatedInPlace(sourceOf(path), placements, data, plan.dims, scratch)) {
        opts.onProgress?.(++done, byFile.size);
        continue;
      }
      const decoded = await decodePlacements(sourceOf(path), decoder, placements);
      seriesInstanceUID ||= decoded.seriesInstanceUID;
      const { rows, columns, samplesPerPixel } = decoded;
      if (samplesPerPixel !== 1) throw new DicomError(path, `colour image (${samplesPerPixel} samples) in a grey-scale series`);
      placements.forEach((p, index) => {
        const values = decoded.frames[index];
        const mosaic = p.frame.mosaicSlices;
        const grid = p.frame.mosaicGrid;
        const slices = mosaic && grid ? unpackMosaic(values, rows, columns, mosaic, grid) : { tileRows: rows, tileColumns: columns, data: values };
        if (slices.tileRows !== ny || slices.tileColumns !== nx)
          throw new DicomError(path, `frame ${p.frame.frameIndex} is ${slices.tileColumns}×${slices.tileRows}, the series is ${nx}×${ny}`);
        const count = mosaic ? Math.min(mosaic, nz - p.k) : 1;
        if (mosaic && plan.mosaicTilesReversed) {
          for (let tile = 0; tile < count; tile++) {
            data.set(slices.data.subarray(tile * nx * ny, (tile + 1) * nx * ny), (p.t * nz + nz - 1 - tile) * nx * ny);
          }
        } else data.set(slices.data.subarray(0, count * nx * ny), (p.t * nz + p.k) * nx * ny);
      });
      opts.onProgress?.(++done, byFile.size);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, byFile.size) }, worker));
  opts.signal?.throwIfAborted();

  const diffusion = plan.volumes.some((v) => v.bValue !== 0 || v.gradientLPS !== null);
  return {
    seriesInstanceUID,
    dims: [nx, ny, nz, nt],
    spacing: [...plan.spacing] as Vec3,
    affine: [...plan.affine],
    data,
    bValues: diffusion ? plan.volumes.map((v) => v.bValue) : [],
    gradientsLPS: plan.volumes.map((v) => (v.gradientLPS ? ([...v.gradientLPS] as Vec3) : [0, 0, 0])),
    excluded: plan.volumes.map((v) => v.isotropic),
    warnings: [...plan.warnings],
  };
}

/** Decoded frames of one file, in placement order, with the pixel-module fields placement checks. */
interface DecodedPlacements {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  seriesInstanceUID: string;
  frames: Float32Array[];
}

/**
 * Values of the placed frames of one file. When indexing located every one of them as uncompressed
 * samples, only the byte range holding them is read and nothing is parsed (the common classic
 * single-frame case: one small read per file); otherwise the whole file is read and parsed.
 */
async function decodePlacements(source: FileSource, decoder: FrameDecoder, placements: Placement[]): Promise<DecodedPlacements> {
  const located = placements.map((p) => p.frame.nativePixels);
  if (!located.every((l): l is NativeFrameLocation => l !== undefined)) {
    const decoded = await decodeFileFrames(source, decoder, placements.map((p) => p.frame.frameIndex));
    return { ...decoded.pixel, seriesInstanceUID: decoded.seriesInstanceUID, frames: decoded.frames };
  }
  const layout = located[0].layout;
  const length = frameByteLength(layout);
  const start = Math.min(...located.map((l) => l.offset));
  const bytes = await readLocatedRange(source, located);
  const frames = located.map((l) => nativeFrameValues(bytes.subarray(l.offset - start, l.offset - start + length), l.layout, l.bigEndian, l.slope, l.intercept));
  return { rows: layout.rows, columns: layout.columns, samplesPerPixel: layout.samplesPerPixel, seriesInstanceUID: '', frames };
}

/**
 * The common case of decodePlacements without its intermediate arrays: every placed frame of the
 * file located at indexing, single-channel, not a mosaic and of the series' size, so each frame's
 * values are written straight to its place in `data` (one read of the byte range, no parse, no copy).
 * False, having read nothing, for anything else (decodePlacements then reads, checks and reports).
 */
async function readLocatedInPlace(source: FileSource, placements: Placement[], data: Float32Array, dims: SeriesPlan['dims'], scratch: Scratch): Promise<boolean> {
  const [nx, ny, nz] = dims;
  const located: NativeFrameLocation[] = [];
  for (const p of placements) {
    const l = p.frame.nativePixels;
    if (!l || p.frame.mosaicSlices || l.layout.samplesPerPixel !== 1 || l.layout.rows !== ny || l.layout.columns !== nx) return false;
    located.push(l);
  }
  const bytes = await readLocatedRange(source, located, scratch);
  const length = frameByteLength(located[0].layout);
  const start = located.reduce((m, l) => Math.min(m, l.offset), Infinity);
  placements.forEach((p, index) => {
    const l = located[index];
    const into = data.subarray((p.t * nz + p.k) * nx * ny, (p.t * nz + p.k + 1) * nx * ny);
    nativeFrameValues(bytes.subarray(l.offset - start, l.offset - start + length), l.layout, l.bigEndian, l.slope, l.intercept, into);
  });
  return true;
}

/** A lane's read buffer, grown as needed and reused file after file. */
interface Scratch {
  bytes: Uint8Array;
}

/**
 * The byte range of a file holding every located frame (first frame's offset to the end of the last).
 * With `scratch` and a source that can read into a buffer, the bytes are a view of `scratch`:
 * valid only until the lane's next read.
 */
async function readLocatedRange(source: FileSource, located: NativeFrameLocation[], scratch?: Scratch): Promise<Uint8Array> {
  const length = frameByteLength(located[0].layout);
  const start = Math.min(...located.map((l) => l.offset));
  const end = Math.max(...located.map((l) => l.offset)) + length;
  let bytes: Uint8Array;
  try {
    if (scratch && source.readInto) {
      if (scratch.bytes.length < end - start) scratch.bytes = new Uint8Array(end - start);
      bytes = scratch.bytes.subarray(0, await source.readInto(scratch.bytes.subarray(0, end - start), start));
    } else bytes = await source.read(start, end);
  } catch (err) {
    throw new DicomError(source.path, `could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (bytes.length < end - start) throw new DicomError(source.path, `shorter than when it was indexed (pixel data needs ${end} bytes)`);
  return bytes;
}

/** Frames grouped by file in first-use order, each with its destination; checks the plan's slice counts. */
function groupByFile(plan: SeriesPlan, nz: number): Map<string, Placement[]> {
  const byFile = new Map<string, Placement[]>();
  plan.volumes.forEach((volume, t) => {
    const mosaic = volume.slices.length === 1 && (volume.slices[0].mosaicSlices ?? 0) > 0;
    if (!mosaic && volume.slices.length !== nz) throw new RangeError(`volume ${t} has ${volume.slices.length} slices, nz = ${nz}`);
    volume.slices.forEach((frame, k) => {
      const list = byFile.get(frame.file) ?? [];
      list.push({ frame, t, k });
      byFile.set(frame.file, list);
    });
  });
  return byFile;
}

function lookup(files: Map<string, FileSource>, path: string): FileSource {
  const source = files.get(path);
  if (!source) throw new DicomError(path, 'file planned for the series is not in the opened folder');
  return source;
}
