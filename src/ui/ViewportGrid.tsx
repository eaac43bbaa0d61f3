import { LAYOUT_CELLS, useViewportStore } from '../state/viewportStore';
import { ViewportPane } from './ViewportPane';

/** The viewport cells of the current layout, row-major. */
export function ViewportGrid() {
  const layout = useViewportStore((s) => s.layout);
  const { rows, cols } = LAYOUT_CELLS[layout];
  return (
    <main
      className="viewport-grid"
      aria-label={`Viewports ${rows}×${cols}`}
      style={{ gridTemplateRows: `repeat(${rows}, 1fr)`, gridTemplateColumns: `repeat(${cols}, 1fr)` }}
    >
      {Array.from({ length: rows * cols }, (_, i) => (
        <ViewportPane key={i} slot={i} />
      ))}
    </main>
  );
}
