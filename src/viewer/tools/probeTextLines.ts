import type { Vec3 } from '../../core/math/types';
import { useDtiStore } from '../../state/dtiStore';
import { usePerfusionStore } from '../../state/perfusionStore';
import { useViewportStore } from '../../state/viewportStore';
import { formatProbe, type MapName } from '../mapCatalog';
import type { MapSet } from '../mapSet';
import { worldToVoxel } from '../volumeGeometry';
import { currentDrawingViewport } from './roiTextLines';

/**
 * The Probe tool's text box on a DTI map prints what the viewport's probe readout prints for the
 * same point, so a reader never sees two numbers for one voxel: Cornerstone's own text is the
 * stored volume value in engine units (MD 0.00042 mm²/s), or, on a fused map, the b0 base under
 * it. On a map viewport the box reads the map's value in its display unit (FA unitless, 3
 * decimals; MD/AD/RD/λ in 10⁻⁶ mm²/s; see mapCatalog) and the voxel index (i, j, k) of the fit's
 * grid, nearest voxel centre to the probe point (LPS mm). On a raw image Cornerstone's stored or
 * rescaled value is kept.
 */

/** The value of `map` at voxel index `ijk` (i, j, k of the fit's grid) in display units, as the probe readout prints it. */
export function mapValueText(result: MapSet, map: MapName, ijk: Vec3): string {
  const { maps } = result;
  const [nx, ny] = maps.dims;
  const v = ijk[0] + nx * (ijk[1] + ny * ijk[2]);
  if (map === 'colfa' && maps.scalars.fa && maps.colorFa) return `${formatProbe('fa', maps.scalars.fa[v])} RGB ${Array.from(maps.colorFa.subarray(3 * v, 3 * v + 3)).join(',')}`;
  if (map === 'b0') return formatProbe('b0', result.b0[v]);
  if (map === 'mask') return formatProbe('mask', maps.mask[v]);
  return formatProbe(map, maps.scalars[map]?.[v] ?? NaN);
}

/**
 * Text lines of a probe at `world` (LPS mm) on a viewport showing `map` of `result`: the value
 * line, then "@ i,j,k" (the readout's text, split), or null when the point is outside the grid.
 */
export function probeTextLines(result: MapSet, map: MapName, world: Vec3): string[] | null {
  const ijk = worldToVoxel(result.maps.affine, result.maps.dims, world);
  if (!ijk) return null;
  return [mapValueText(result, map, ijk), `@ ${ijk.join(',')}`];
}

/** The maps of `seriesUID` loaded now: its perfusion computation or its DTI fit. */
function mapSetOf(seriesUID: string | null): MapSet | null {
  const perfusion = usePerfusionStore.getState().result;
  if (perfusion && perfusion.seriesUID === seriesUID) return perfusion;
  return useDtiStore.getState().result;
}

/** Viewport ids are `viewport-<slot>-map` for a map viewport (ViewportPane): its slot, or null for any other viewport. */
function mapSlotOf(viewportId: string): number | null {
  const m = /^viewport-(\d+)-map$/.exec(viewportId);
  return m ? Number(m[1]) : null;
}

/** What the Probe's text box needs of its annotation's data: the handle point (LPS mm). */
export interface ProbeData {
  handles?: { points?: Vec3[] };
}

/**
 * `getTextLines` of the Probe tool, given Cornerstone's own as `fallback`: on a map viewport (the
 * one being drawn, see drawingViewport) showing a map of the current fit, the map value and voxel
 * index; anywhere else (a raw stack or series volume, or while no fit matches) Cornerstone's text.
 */
export function probeAnnotationTextLines(data: ProbeData, targetId: string, fallback: (data: ProbeData, targetId: string) => string[] | undefined): string[] | undefined {
  const viewportId = currentDrawingViewport();
  const slotIndex = viewportId === null ? null : mapSlotOf(viewportId);
  const slot = slotIndex === null ? undefined : useViewportStore.getState().slots[slotIndex];
  const result = mapSetOf(slot?.seriesUID ?? null);
  const point = data.handles?.points?.[0];
  if (!slot?.map || !result || result.seriesUID !== slot.seriesUID || !point) return fallback(data, targetId);
  return probeTextLines(result, slot.map.map, point) ?? undefined;
}
