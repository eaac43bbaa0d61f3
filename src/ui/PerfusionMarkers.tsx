import type { Vec3 } from '../core/math/types';
import { usePerfusionStore } from '../state/perfusionStore';
import { controllers } from '../viewer/SliceController';

/** Half the slice thickness a marker is shown within, as a fraction of the distance between slices. */
const ON_SLICE = 0.5;

/**
 * The arterial input and venous output of the perfusion computation drawn on viewport `slot`
 * (a circle and its label) when the slice it shows holds them. Re-rendered by the pane on every
 * readout (scroll, zoom).
 */
export function PerfusionMarkers({ slot, seriesUID }: { slot: number; seriesUID: string | null }) {
  const result = usePerfusionStore((s) => s.result);
  if (!result || result.seriesUID !== seriesUID) return null;
  const controller = controllers.get(slot);
  const plane = controller?.slicePlane();
  if (!controller || !plane) return null;
  const thickness = result.spacing[2] * ON_SLICE;
  const marks = [
    { label: 'AIF', point: result.aif.lpsMm, colour: '#ff4040' },
    ...(result.vof ? [{ label: 'VOF', point: result.vof.lpsMm, colour: '#40a0ff' }] : []),
  ].filter((m) => Math.abs(distance(m.point, plane.point, plane.normal)) <= thickness);
  return (
    <svg className="perfusion-markers" aria-hidden="true" style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', pointerEvents: 'none' }}>
      {marks.map((m) => {
        const at = controller.worldToCanvas(m.point);
        return at ? (
          <g key={m.label} data-testid={`marker-${m.label}`}>
            <circle cx={at[0]} cy={at[1]} r={7} fill="none" stroke={m.colour} strokeWidth={2} />
            <text x={at[0] + 9} y={at[1] - 9} fill={m.colour} fontSize={12}>{m.label}</text>
          </g>
        ) : null;
      })}
    </svg>
  );
}

function distance(p: Vec3, origin: Vec3, normal: Vec3): number {
  return (p[0] - origin[0]) * normal[0] + (p[1] - origin[1]) * normal[1] + (p[2] - origin[2]) * normal[2];
}
