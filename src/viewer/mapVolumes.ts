import { cache, ImageVolume, imageLoader, utilities, volumeLoader, type Types } from '@cornerstonejs/core';
import { displayRange, mapSpec, type MapName } from './mapCatalog';
import type { MapSet } from './mapSet';
import { cornerstoneGeometry } from './volumeGeometry';

/** A map as a Cornerstone volume: its id, and for scalar maps the default window in display units. */
export interface MapVolume {
  volumeId: string;
  /** null for colour FA (RGB bytes, no window). */
  range: [number, number] | null;
  /** The display-unit values the volume holds (scalar maps), read by the probe. */
  values: Float32Array | null;
}

const built = new Map<string, MapVolume>();

/** Engine values of a map in display units (FA as is, diffusivities × 1e6, mask 0/1). */
function displayValues(result: MapSet, name: Exclude<MapName, 'colfa'>): Float32Array {
  if (name === 'b0') return result.b0;
  if (name === 'mask') return Float32Array.from(result.maps.mask);
  const spec = mapSpec(name);
  const engine = result.maps.scalars[name];
  if (!engine) throw new Error(`no ${spec.label} map in these maps`);
  if (spec.scale === 1) return engine;
  const out = new Float32Array(engine.length);
  for (let v = 0; v < engine.length; v++) out[v] = engine[v] * spec.scale;
  return out;
}

function metadata(result: MapSet, direction: number[], spacing: Types.Point3, samples: number): Types.Metadata {
  const [nx, ny] = result.maps.dims;
  return {
    BitsAllocated: samples === 3 ? 8 : 32,
    BitsStored: samples === 3 ? 8 : 32,
    SamplesPerPixel: samples,
    HighBit: samples === 3 ? 7 : 31,
    PhotometricInterpretation: samples === 3 ? 'RGB' : 'MONOCHROME2',
    PixelRepresentation: 1,
    Modality: result.kind === 'perfusion' ? 'CT' : 'MR',
    SeriesInstanceUID: result.seriesUID,
    ImageOrientationPatient: direction.slice(0, 6),
    PixelSpacing: [spacing[1], spacing[0]],
    FrameOfReferenceUID: result.frameOfReferenceUID ?? `dti-${result.generation}`,
    Columns: nx,
    Rows: ny,
    voiLut: [],
    VOILUTFunction: 'LINEAR',
  };
}

/**
 * The Cornerstone volume of one map of a fit, created once per fit and map. Every map shares the
 * DWI series' geometry (origin, direction cosines, spacing from its voxel → LPS affine), so maps,
 * the b0 and the source images overlay exactly. Colour FA is an RGB (3-component) volume, which
 * Cornerstone 5 renders directly (non-independent components).
 */
export function mapVolume(result: MapSet, name: MapName): MapVolume {
  // No ':' in the id: Cornerstone would read a scheme from it and try to reload the slices through an image loader.
  const kind = result.kind ?? 'dti';
  const volumeId = `${kind}-${result.generation}-${name}`;
  const existing = built.get(volumeId);
  if (existing) return existing;
  for (const id of built.keys()) {
    // Volumes of an older computation of the same model are never shown again: release them before
    // allocating new ones (a DTI fit and a perfusion computation are shown side by side).
    if (id.startsWith(`${kind}-`) && !id.startsWith(`${kind}-${result.generation}-`)) {
      // The slice images behind a local volume are cached separately and would outlive it.
      const imageIds = cache.getVolume(id)?.imageIds ?? [];
      if (cache.getVolume(id)) cache.removeVolumeLoadObject(id);
      for (const imageId of imageIds) if (cache.getImage(imageId)) cache.removeImageLoadObject(imageId, { force: true });
      built.delete(id);
    }
  }
  const { origin, spacing, direction } = cornerstoneGeometry(result.maps.affine);
  const dimensions = result.maps.dims as Types.Point3;
  let entry: MapVolume;
  if (name === 'colfa') {
    if (!result.maps.colorFa) throw new Error('no colour FA in these maps');
    const colorFa = result.maps.colorFa;
    // Cornerstone uploads volume textures slice by slice from cached images, so colour FA is built
    // like createLocalVolume does for scalars, with 3-component (RGB) slice images.
    const [nx, ny, nz] = dimensions;
    const imageIds = Array.from({ length: nz }, (_, k) => `${volumeId}_slice_${k}`);
    imageIds.forEach((imageId, k) =>
      imageLoader.createAndCacheLocalImage(imageId, {
        scalarData: colorFa.subarray(3 * nx * ny * k, 3 * nx * ny * (k + 1)),
        dimensions: [nx, ny],
        spacing: [spacing[0], spacing[1]],
        origin,
        direction: direction as Types.Mat3,
        targetBuffer: { type: 'Uint8Array' },
      }),
    );
    const volume = new ImageVolume({
      volumeId,
      metadata: metadata(result, direction, spacing, 3),
      dimensions,
      spacing,
      origin,
      direction: direction as Types.Mat3,
      imageIds,
      dataType: 'Uint8Array',
      voxelManager: utilities.VoxelManager.createImageVolumeVoxelManager({ dimensions, imageIds, numberOfComponents: 3, id: volumeId }),
      numberOfComponents: 3,
    } as unknown as ConstructorParameters<typeof ImageVolume>[0]);
    cache.putVolumeSync(volumeId, volume);
    entry = { volumeId, range: null, values: null };
  } else {
    const values = displayValues(result, name);
    volumeLoader.createLocalVolume(volumeId, {
      metadata: metadata(result, direction, spacing, 1),
      dimensions,
      spacing,
      origin,
      direction: direction as Types.Mat3,
      scalarData: values,
    });
    entry = { volumeId, range: displayRange(name, values), values };
  }
  built.set(volumeId, entry);
  return entry;
}
