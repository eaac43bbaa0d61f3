import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { interpolateCurve } from '../core/perfusion/interpolateCurve';
import { frameAtTime } from '../core/perfusionReview/frameAtTime';
import { roiCurve } from '../services/perfusionService';
import { usePerfusionStore, type PerfusionComputation } from '../state/perfusionStore';
import { useRoiStore } from '../state/roiStore';
import { useViewportStore } from '../state/viewportStore';

/** Curve colours: AIF red, VOF blue, the voxel under the cursor white, ROIs from this list in order. */
const ROI_COLOURS = ['#ffd24a', '#5ee08a', '#ff8ad8', '#8ad8ff', '#c79bff'];
const BASELINE_FILL = 'rgba(120, 160, 255, 0.15)';
const PATLAK_FILL = 'rgba(255, 200, 80, 0.14)';
const FRAME_LINE = '#7fe0ff';

type ViewportState = ReturnType<typeof useViewportStore.getState>;

/**
 * The viewport whose time frame the chart marks: the active one if it shows this series' images
 * over time, else the first that does; null when none does (a map or another series everywhere).
 */
function frameViewport(state: ViewportState, seriesUID: string): { slot: number; timesS: number[]; frame: number } | null {
  const { slots, readouts, active } = state;
  const shows = (i: number) => slots[i].seriesUID === seriesUID && !slots[i].map && !slots[i].orientation && readouts[i]?.frameTimesS;
  const slot = shows(active) ? active : slots.findIndex((_, i) => shows(i));
  const r = slot >= 0 ? readouts[slot] : undefined;
  return r?.frameTimesS ? { slot, timesS: r.frameTimesS, frame: r.volume } : null;
}

interface Curve {
  label: string;
  colour: string;
  timesS: number[];
  hu: number[];
}

/** The shaded windows of the AIF's table position: baseline frames and the Patlak fit, s. */
function windows(result: PerfusionComputation): { baseline: [number, number] | null; patlak: [number, number] | null } {
  const slab = result.slabs.find((s) => result.aif.voxel[2] >= s.firstSlice && result.aif.voxel[2] < s.endSlice) ?? result.slabs[0];
  const times = result.aif.timesS;
  const last = times[times.length - 1];
  return {
    baseline: slab && slab.baselineFrames > 0 ? [times[0], times[Math.min(times.length - 1, slab.baselineFrames - 1)]] : null,
    patlak: slab?.patlakStartS != null ? [slab.patlakStartS, last] : null,
  };
}

/**
 * Time–attenuation curves (HU against s) of the perfusion computation: the AIF and VOF it used,
 * the voxel under the cursor on the CTP, and the mean curve of each ROI on the series; the
 * baseline and the Patlak window shaded; values at the hovered time in the legend (uPlot); the
 * time of the frame a viewport shows marked by a dashed line (a click on the chart shows the
 * frame acquired nearest that time there).
 */
export function PerfusionCurves() {
  const result = usePerfusionStore((s) => s.result);
  const cursor = usePerfusionStore((s) => s.cursorCurve);
  const rois = useRoiStore((s) => s.rois);
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const plotted = useRef('');
  // The marked frame's time (a cine step, a slice of another table position move it); the chart only redraws its line.
  const frameS = useViewportStore((s) => {
    const marked = result ? frameViewport(s, result.seriesUID) : null;
    return marked ? marked.timesS[marked.frame] : null;
  });
  const frameRef = useRef<number | null>(null);
  frameRef.current = frameS;
  const seriesRef = useRef<string | null>(null);
  seriesRef.current = result?.seriesUID ?? null;

  const curves = useMemo<Curve[]>(() => {
    if (!result) return [];
    const out: Curve[] = [{ label: 'AIF', colour: '#ff4040', timesS: result.aif.timesS, hu: result.aif.hu }];
    if (result.vof) out.push({ label: 'VOF', colour: '#40a0ff', timesS: result.vof.timesS, hu: result.vof.hu });
    rois
      .filter((r) => r.key.seriesInstanceUID === result.seriesUID)
      .forEach((r, n) => {
        const c = roiCurve(r.roi);
        if (c) out.push({ label: r.roi.name, colour: ROI_COLOURS[n % ROI_COLOURS.length], ...c });
      });
    if (cursor) out.push({ label: `Voxel ${cursor.voxel.join(',')}`, colour: '#ffffff', timesS: cursor.timesS, hu: cursor.hu });
    return out;
  }, [result, rois, cursor]);

  useEffect(() => {
    if (!host.current || !result) return;
    const x = result.aif.timesS;
    const data: uPlot.AlignedData = [x, ...curves.map((c) => Array.from(interpolateCurve(c.timesS, c.hu, x)))];
    const shaded = windows(result);
    // The series set changes (an ROI drawn, the cursor entering): uPlot is rebuilt; otherwise only its data.
    const signature = curves.map((c) => c.label).join('|');
    if (plot.current && plotted.current === signature) {
      plot.current.setData(data, false);
      plot.current.redraw(false, true);
      return;
    }
    plot.current?.destroy();
    const shade = (u: uPlot, range: [number, number] | null, fill: string) => {
      if (!range) return;
      const x0 = u.valToPos(range[0], 'x', true);
      const x1 = u.valToPos(range[1], 'x', true);
      u.ctx.fillStyle = fill;
      u.ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
    };
    const opts: uPlot.Options = {
      width: Math.max(220, host.current.clientWidth),
      height: 200,
      scales: { x: { time: false } },
      axes: [
        { label: 't (s)', stroke: '#ccc', grid: { stroke: '#333' }, ticks: { stroke: '#444' } },
        { label: 'HU', stroke: '#ccc', grid: { stroke: '#333' }, ticks: { stroke: '#444' } },
      ],
      series: [{ label: 't (s)', value: (_u, v) => (v == null ? '–' : v.toFixed(1)) }, ...curves.map((c) => ({ label: c.label, stroke: c.colour, width: 1.5, value: (_u: uPlot, v: number | null) => (v == null ? '–' : v.toFixed(0)) }))],
      hooks: {
        drawClear: [
          (u) => {
            shade(u, shaded.baseline, BASELINE_FILL);
            shade(u, shaded.patlak, PATLAK_FILL);
          },
        ],
        draw: [
          (u) => {
            const t = frameRef.current;
            if (t === null) return;
            const x = Math.round(u.valToPos(t, 'x', true)) + 0.5;
            u.ctx.save();
            u.ctx.strokeStyle = FRAME_LINE;
            u.ctx.lineWidth = 1.5 * devicePixelRatio;
            u.ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
            u.ctx.beginPath();
            u.ctx.moveTo(x, u.bbox.top);
            u.ctx.lineTo(x, u.bbox.top + u.bbox.height);
            u.ctx.stroke();
            u.ctx.restore();
          },
        ],
      },
      legend: { live: true },
    };
    plot.current = new uPlot(opts, data, host.current);
    plotted.current = signature;
    // A click on the chart shows the frame acquired nearest that time in the viewport it marks.
    const u = plot.current;
    u.over.addEventListener('click', () => {
      const target = seriesRef.current ? frameViewport(useViewportStore.getState(), seriesRef.current) : null;
      if (!target || u.cursor.left == null || u.cursor.left < 0) return;
      useViewportStore.getState().setVolume(target.slot, frameAtTime(target.timesS, u.posToVal(u.cursor.left, 'x')));
    });
  }, [curves, result]);

  useEffect(() => {
    plot.current?.redraw(false, false);
  }, [frameS]);

  useEffect(
    () => () => {
      plot.current?.destroy();
      plot.current = null;
    },
    [],
  );

  if (!result) return null;
  const shaded = windows(result);
  return (
    <figure className="perfusion-curves" aria-label="Time attenuation curves">
      <div ref={host} data-testid="perfusion-curves-plot" />
      <figcaption>
        {shaded.baseline ? <span aria-label="Baseline window" style={{ background: BASELINE_FILL }}>{`Baseline ${shaded.baseline[0].toFixed(1)}–${shaded.baseline[1].toFixed(1)} s`}</span> : null}{' '}
        {shaded.patlak ? <span aria-label="Patlak window" style={{ background: PATLAK_FILL }}>{`Patlak ${shaded.patlak[0].toFixed(1)}–${shaded.patlak[1].toFixed(1)} s`}</span> : null}{' '}
        {frameS !== null ? <span aria-label="Marked frame time" style={{ color: FRAME_LINE, whiteSpace: 'nowrap' }} title="The frame the viewport shows; click the chart to show the frame nearest a time">{`Frame ${frameS.toFixed(1)} s`}</span> : null}
      </figcaption>
    </figure>
  );
}
