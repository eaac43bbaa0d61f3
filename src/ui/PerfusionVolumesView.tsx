import { useMemo } from 'react';
import { currentVolumes } from '../services/perfusionService';
import { useMirrorStore } from '../state/mirrorStore';
import { usePerfusionStore } from '../state/perfusionStore';
import { useRoiStore } from '../state/roiStore';

const ml = (v: number) => `${v.toFixed(1)} mL`;

/**
 * Core (rCBF below a fraction of the reference hemisphere), hypoperfused (Tmax above a delay) and
 * mismatch volumes of the current maps, with their editable thresholds (perfusionVolumes.ts).
 */
export function PerfusionVolumesView() {
  const result = usePerfusionStore((s) => s.result);
  const thresholds = usePerfusionStore((s) => s.thresholds);
  const set = usePerfusionStore((s) => s.set);
  const plane = useMirrorStore((s) => s.plane);
  const rois = useRoiStore((s) => s.rois);
  // Recomputed when the maps, the thresholds, the mirror plane or the ROIs (the lesion side) change.
  const volumes = useMemo(() => currentVolumes(), [result, thresholds, plane, rois]);
  if (!volumes) return null;
  return (
    <fieldset className="perfusion-volumes" aria-label="Perfusion volumes">
      <legend>Volumes</legend>
      <label title="Ischaemic core: CBF below this percentage of the reference (contralateral) hemisphere's mean CBF">
        Core rCBF &lt;{' '}
        <input
          aria-label="Core rCBF threshold"
          type="number"
          min={1}
          max={100}
          step={1}
          value={Math.round(thresholds.coreRelativeCbf * 100)}
          onChange={(e) => set({ thresholds: { ...thresholds, coreRelativeCbf: Math.max(0.01, Number(e.currentTarget.value) / 100 || 0.3) } })}
        />{' '}
        %
      </label>
      <label title="Hypoperfused tissue: Tmax above this delay">
        Hypoperfused Tmax &gt;{' '}
        <input
          aria-label="Tmax threshold"
          type="number"
          min={0}
          max={30}
          step={0.5}
          value={thresholds.hypoperfusedTmaxS}
          onChange={(e) => set({ thresholds: { ...thresholds, hypoperfusedTmaxS: Number(e.currentTarget.value) } })}
        />{' '}
        s
      </label>
      <dl>
        <dt>Core</dt>
        <dd aria-label="Core volume">{ml(volumes.coreMl)}</dd>
        <dt>Hypoperfused</dt>
        <dd aria-label="Hypoperfused volume">{ml(volumes.hypoperfusedMl)}</dd>
        <dt>Mismatch</dt>
        <dd aria-label="Mismatch volume">{ml(volumes.mismatchMl)}</dd>
        <dt>Ratio</dt>
        <dd aria-label="Mismatch ratio">{volumes.mismatchRatio === null ? '–' : volumes.mismatchRatio.toFixed(2)}</dd>
      </dl>
      <p className="hint">{`Reference CBF ${volumes.referenceCbf.toFixed(1)} ml/100 g/min (${plane ? 'mirror plane' : 'tissue midline'}).`}</p>
    </fieldset>
  );
}
