import './mapGrid.css';
import { useRef } from 'react';
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
  const svg = useRef<SVGSVGElement>(null);
  const at = linkedCursorIn(slot);
  const [x, y] = at?.canvas ?? [0, 0];
  // On the right half of the pane the value goes left of the mark, clear of the pane edge and the colourbar.
  const flip = x > (svg.current?.clientWidth ?? Infinity) / 2;
  const value = at && layer && maps ? probeTextLines(maps, layer.map, at.point)?.[0] : undefined;
  // The (empty) layer stays mounted so its width is known when the mark first appears.
  return (
    <>
      <svg ref={svg} className="linked-cursor" aria-hidden="true">
        {at
          ? [0, 1].map((outline) => (
              <g key={outline} className={outline === 0 ? 'outline' : ''}>
                <line x1={x - 9} y1={y} x2={x - 3} y2={y} />
                <line x1={x + 3} y1={y} x2={x + 9} y2={y} />
                <line x1={x} y1={y - 9} x2={x} y2={y - 3} />
                <line x1={x} y1={y + 3} x2={x} y2={y + 9} />
              </g>
            ))
          : null}
      </svg>
      {value ? (
        <div className={`linked-cursor-value${flip ? ' flip' : ''}`} aria-label="Linked cursor value" style={{ left: flip ? x - 10 : x + 10, top: y + 8 }}>
          {value}
        </div>
      ) : null}
    </>
  );
}
