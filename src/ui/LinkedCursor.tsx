import './mapGrid.css';
import { useCursorStore } from '../state/cursorStore';
import type { MapLayer } from '../state/viewportStore';
import type { MapSet } from '../viewer/mapSet';
import { probeTextLines } from '../viewer/tools/probeTextLines';
import { linkedCursorIn } from './linkedCursor';

/**
 * The mouse of another viewport marked in this one (same point, LPS), with this pane's map value
 * there: hovering one pane of the map grid reads CBF, CBV, Tmax and PS (or FA, MD, AD, RD) of one
 * voxel at once.
 */
export function LinkedCursor({ slot, layer, maps }: { slot: number; layer: MapLayer | null; maps: MapSet | null }) {
  useCursorStore((s) => s.cursor);
  const at = linkedCursorIn(slot);
  if (!at) return null;
  const [x, y] = at.canvas;
  const value = layer && maps ? probeTextLines(maps, layer.map, at.point)?.[0] : undefined;
  return (
    <>
      <svg className="linked-cursor" aria-hidden="true">
        {[0, 1].map((outline) => (
          <g key={outline} className={outline === 0 ? 'outline' : ''}>
            <line x1={x - 9} y1={y} x2={x - 3} y2={y} />
            <line x1={x + 3} y1={y} x2={x + 9} y2={y} />
            <line x1={x} y1={y - 9} x2={x} y2={y - 3} />
            <line x1={x} y1={y + 3} x2={x} y2={y + 9} />
          </g>
        ))}
      </svg>
      {value ? (
        <div className="linked-cursor-value" aria-label="Linked cursor value" style={{ left: x + 10, top: y + 8 }}>
          {value}
        </div>
      ) : null}
    </>
  );
}
