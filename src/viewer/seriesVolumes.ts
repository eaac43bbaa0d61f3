import { cache, imageLoader, volumeLoader, type Types } from '@cornerstonejs/core';
import { browserWasmLocator } from '../codecs/browserWasmLocator';
import { createFrameDecoder } from '../codecs/createFrameDecoder';
import { planSeries } from '../core/dicom/geometry/planSeries';
import { frameRescale } from '../core/dicom/pixels/frameRescale';
import { parseDicomFile } from '../core/dicom/pixels/parseDicomFile';
import type { FrameDecoder } from '../core/dicom/pixels/FrameDecoder';
import type { FrameInfo, SeriesEntry } from '../core/dicom/types';
import type { FileSource } from '../core/io/FileSource';
import type { Mat4 } from '../core/math/types';
import { assembleVolume } from '../core/volume/assembleVolume';
import { displaySeries } from './seriesImageIds';
import { cornerstoneGeometry } from './volumeGeometry';
import { volumeWindow, type DicomWindow } from './volumeWindow';

/** One volume (b-volume of a DWI, or the only volume of a CT/MR series) as a Cornerstone volume for reformats. */
export interface SeriesVolume {
  volumeId: string;
  /** Voxel → LPS mm affine (row-major 4×4), from the series plan: the same geometry the DTI maps get. */
  affine: Mat4;
  /** [columns, rows, slices] of the volume. */
  dims: [number, number, number];
  /** Default window [low, high] in the stack's units (HU for CT; RescaleSlope/Intercept-scaled MR). */
  range: [number, number];
  /** Index of this volume in the series and how many the series has. */
  volume: number;
  volumeCount: number;
  /** b-value s/mm² of this volume; null when the series is not diffusion. */
  bValue: number | null;
}

interface Entry {
  volume: Promise<SeriesVolume>;
  users: number;
}

const entries = new Map<string, Entry>();
let decoder: FrameDecoder | null = null;
let nextId = 0;

function metadata(series: SeriesEntry, direction: number[], spacing: Types.Point3, dims: [number, number, number]): Types.Metadata {
  return {
    BitsAllocated: 32,
    BitsStored: 32,
    SamplesPerPixel: 1,
    HighBit: 31,
    PhotometricInterpretation: 'MONOCHROME2',
    PixelRepresentation: 1,
    Modality: series.modality,
    SeriesInstanceUID: series.seriesInstanceUID,
    ImageOrientationPatient: direction.slice(0, 6),
    PixelSpacing: [spacing[1], spacing[0]],
    FrameOfReferenceUID: series.frameOfReferenceUID ?? `series-${series.seriesInstanceUID}`,
    Columns: dims[0],
    Rows: dims[1],
    voiLut: [],
    VOILUTFunction: 'LINEAR',
  };
}

const first = (x: number | number[] | undefined): number | undefined => (Array.isArray(x) ? x[0] : x);

/** How the stack shows volume `t`: the DICOM window of the frame it opens on, and that frame's units. */
interface StackDisplay {
  window: DicomWindow | null;
  /** Volume value v → stack value (v − intercept) × scale + offset; identity when the units agree. */
  toStack: { intercept: number; scale: number; offset: number };
}

/**
 * Loads the middle frame of volume `t` (the one the stack opens on) through Cornerstone, as the
 * stack does, for its Window Center/Width and its modality LUT. The stack applies RescaleSlope/
 * Intercept only; our volumes follow dcm2niix (Philips floating-point values, 1/(RS·SS) of the
 * displayed ones), so the reformat is brought back to the stack's units for its window to fit.
 */
async function stackDisplay(series: SeriesEntry, sources: Map<string, FileSource>, t: number, frames: FrameInfo[]): Promise<StackDisplay> {
  const identity = { intercept: 0, scale: 1, offset: 0 };
  const ids = (await displaySeries(series, sources)).volumes[t];
  const k = Math.floor(frames.length / 2);
  const imageId = ids?.[k];
  const frame = frames[k];
  const source = frame ? sources.get(frame.file) : undefined;
  if (!imageId || !frame || !source) return { window: null, toStack: identity };
  const image = await imageLoader.loadAndCacheImage(imageId);
  const center = first(image.windowCenter);
  const width = first(image.windowWidth);
  const window = center !== undefined && width !== undefined ? { center, width } : null;
  const ours = frameRescale(parseDicomFile(frame.file, await source.read()), frame.frameIndex);
  return { window, toStack: { intercept: ours.intercept, scale: (image.slope || 1) / ours.slope, offset: image.intercept || 0 } };
}

/**
 * Decodes volume `t` of a series with the same planner and assembler as the DTI fit (every
 * vendor's ordering, mosaics, enhanced multi-frame; values rescaled) and caches it as a local
 * Cornerstone volume on the plan's voxel → LPS geometry.
 */
async function build(series: SeriesEntry, sources: Map<string, FileSource>, t: number): Promise<SeriesVolume> {
  const plan = planSeries(series);
  const planned = plan.volumes[t];
  if (!planned) throw new Error(`the series has no volume ${t + 1}`);
  const [nx, ny, nz] = plan.dims;
  decoder ??= createFrameDecoder(browserWasmLocator);
  const one = await assembleVolume({ ...plan, dims: [nx, ny, nz, 1], volumes: [planned] }, sources, decoder);
  const stack = await stackDisplay(series, sources, t, planned.slices);
  const { intercept, scale, offset } = stack.toStack;
  if (scale !== 1 || intercept !== 0 || offset !== 0) {
    for (let v = 0; v < one.data.length; v++) one.data[v] = (one.data[v] - intercept) * scale + offset;
  }
  const { origin, spacing, direction } = cornerstoneGeometry(plan.affine);
  const dims: [number, number, number] = [nx, ny, nz];
  // No ':' in the id: Cornerstone would read a scheme from it and try to load the slices through an image loader.
  const volumeId = `series-volume-${nextId++}`;
  volumeLoader.createLocalVolume(volumeId, {
    metadata: metadata(series, direction, spacing, dims),
    dimensions: dims,
    spacing,
    origin,
    direction: direction as Types.Mat3,
    scalarData: one.data,
  });
  return {
    volumeId,
    affine: plan.affine,
    dims,
    range: volumeWindow(one.data, series.modality, stack.window),
    volume: t,
    volumeCount: plan.volumes.length,
    bValue: series.kind === 'dwi' ? planned.bValue : null,
  };
}

const keyOf = (series: SeriesEntry, t: number) => `${series.seriesInstanceUID}#${t}`;

/**
 * The Cornerstone volume of volume `t` of a series, built once while any viewport uses it: each
 * call must be paired with `releaseSeriesVolume` (a CT volume is hundreds of MB of float32).
 */
export function acquireSeriesVolume(series: SeriesEntry, sources: Map<string, FileSource>, t: number): Promise<SeriesVolume> {
  const key = keyOf(series, t);
  let entry = entries.get(key);
  if (!entry) {
    entry = { volume: build(series, sources, t), users: 0 };
    entries.set(key, entry);
    // A failed build is not cached: the next request retries.
    entry.volume.catch(() => entries.delete(key));
  }
  entry.users++;
  return entry.volume;
}

/** Drops one use; the last one frees the volume and the slice images Cornerstone cached behind it. */
export function releaseSeriesVolume(series: SeriesEntry, t: number): void {
  const key = keyOf(series, t);
  const entry = entries.get(key);
  if (!entry || --entry.users > 0) return;
  entries.delete(key);
  entry.volume
    .then(({ volumeId }) => {
      const imageIds = cache.getVolume(volumeId)?.imageIds ?? [];
      if (cache.getVolume(volumeId)) cache.removeVolumeLoadObject(volumeId);
      for (const imageId of imageIds) if (cache.getImage(imageId)) cache.removeImageLoadObject(imageId, { force: true });
    })
    .catch(() => undefined);
}
