import { cache, volumeLoader, type Types } from '@cornerstonejs/core';
import { browserWasmLocator } from '../codecs/browserWasmLocator';
import { createFrameDecoder } from '../codecs/createFrameDecoder';
import { planSeries } from '../core/dicom/geometry/planSeries';
import type { FrameDecoder } from '../core/dicom/pixels/FrameDecoder';
import type { SeriesEntry } from '../core/dicom/types';
import type { FileSource } from '../core/io/FileSource';
import type { Mat4 } from '../core/math/types';
import { assembleVolume } from '../core/volume/assembleVolume';
import { cornerstoneGeometry } from './volumeGeometry';
import { volumeWindow } from './volumeWindow';

/** One volume (b-volume of a DWI, or the only volume of a CT/MR series) as a Cornerstone volume for reformats. */
export interface SeriesVolume {
  volumeId: string;
  /** Voxel → LPS mm affine (row-major 4×4), from the series plan: the same geometry the DTI maps get. */
  affine: Mat4;
  /** [columns, rows, slices] of the volume. */
  dims: [number, number, number];
  /** Default window [low, high] in rescaled units (HU for CT). */
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
    range: volumeWindow(one.data, series.modality),
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
