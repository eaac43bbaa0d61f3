import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { BlandAltman } from '../core/agreement/blandAltman';

/** An axis range around [min, max] with 10 % margins, ±1 when the data are one value. */
function padded(_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
  if (min === null || max === null) return [-1, 1];
  const margin = max > min ? (max - min) * 0.1 : 1;
  return [min - margin, max + margin];
}

/**
 * Bland–Altman plot of one reader pair on one measure (uPlot): each case at the mean of the two
 * readers (x) and their difference A − B (y), the bias and the 95 % limits of agreement as lines.
 */
export function BlandAltmanPlot({ ba, title, unit }: { ba: BlandAltman; title: string; unit: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const points = [...ba.points].sort((p, q) => p.mean - q.mean);
    const flat = (v: number | null) => points.map(() => v);
    const data: uPlot.AlignedData = [points.map((p) => p.mean), points.map((p) => p.difference), flat(ba.bias.value), flat(ba.loaLow.value), flat(ba.loaHigh.value)];
    const line = (label: string, stroke: string, dash?: number[]): uPlot.Series => ({ label, stroke, width: 1, dash, points: { show: false } });
    const plot = new uPlot(
      {
        title,
        width: 420,
        height: 260,
        // Constant data (readers agreeing exactly, one case) gets a unit span around it, not uPlot's 0–100.
        scales: { x: { time: false, range: padded }, y: { range: padded } },
        axes: [{ label: `mean of readers (${unit})`, stroke: '#c8d0da' }, { label: `difference (${unit})`, stroke: '#c8d0da' }],
        series: [
          { label: 'mean' },
          { label: 'difference', stroke: '#40a0ff', width: 0, paths: () => null, points: { show: true, size: 7, fill: '#40a0ff' } },
          line('bias', '#f0c060'),
          line('lower limit', '#e07070', [6, 4]),
          line('upper limit', '#e07070', [6, 4]),
        ],
      },
      data,
      element.current,
    );
    return () => plot.destroy();
  }, [ba, title, unit]);
  return <div ref={element} className="ba-plot" role="img" aria-label={`Bland–Altman plot: ${title}`} />;
}
