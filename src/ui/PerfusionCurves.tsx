import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { interpolateCurve } from '../core/perfusion/interpolateCurve';
import { roiCurve } from '../services/perfusionService';
import { usePerfusionStore, type PerfusionComputation } from '../state/perfusionStore';
import { useRoiStore } from '../state/roiStore';

/** Curve colours: AIF red, VOF blue, the voxel under the cursor white, ROIs from this list in order. */
const ROI_COLOURS = ['#ffd24a', '#5ee08a', '#ff8ad8', '#8ad8ff', '#c79bff'];
const BASELINE_FILL = 'rgba(120, 160, 255, 0.15)';
const PATLAK_FILL = 'rgba(255, 200, 80, 0.14)';

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
 * baseline and the Patlak window shaded; values at the hovered time in the legend (uPlot).
 */
export function PerfusionCurves() {
  const result = usePerfusionStore((s) => s.result);
  const cursor = usePerfusionStore((s) => s.cursorCurve);
  const rois = useRoiStore((s) => s.rois);
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const plotted = useRef('');

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
      },
      legend: { live: true },
    };
    plot.current = new uPlot(opts, data, host.current);
    plotted.current = signature;
  }, [curves, result]);

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
        {shaded.patlak ? <span aria-label="Patlak window" style={{ background: PATLAK_FILL }}>{`Patlak ${shaded.patlak[0].toFixed(1)}–${shaded.patlak[1].toFixed(1)} s`}</span> : null}
      </figcaption>
    </figure>
  );
}
