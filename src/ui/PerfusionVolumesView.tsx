import { useMemo } from 'react';
import type { PerfusionVolumesPayload } from '../core/store/records';
import { currentVolumes } from '../services/perfusionService';
import { savedVolumes, saveVolumes } from '../services/perfusionVolumesService';
import { useMirrorStore } from '../state/mirrorStore';
import { usePerfusionStore } from '../state/perfusionStore';
import { usePerfusionVolumesStore } from '../state/perfusionVolumesStore';
import { useRoiStore } from '../state/roiStore';
import { OVERLAY_COLOURS } from '../viewer/tools/perfusionOverlay';

const ml = (v: number) => `${v.toFixed(1)} mL`;
const ratio = (r: number | null) => (r === null ? '–' : r.toFixed(2));
const thresholdText = (t: PerfusionVolumesPayload['thresholds']) => `core rCBF < ${Math.round(t.coreRelativeCbf * 100)} %, Tmax > ${t.hypoperfusedTmaxS} s`;
const CLASSES = [
  { key: 'core', label: 'Core', title: 'Ischaemic core: rCBF below the threshold' },
  { key: 'hypoperfused', label: 'Hypoperfused', title: 'Hypoperfused tissue: Tmax above the threshold' },
  { key: 'mismatch', label: 'Mismatch', title: 'Mismatch (penumbra): hypoperfused tissue outside the core' },
] as const;

type Volumes = Pick<PerfusionVolumesPayload, 'coreMl' | 'hypoperfusedMl' | 'mismatchMl' | 'mismatchRatio'>;

function VolumeList({ v, prefix }: { v: Volumes; prefix: string }) {
  const label = (name: string) => (prefix ? `${prefix} ${name.toLowerCase()}` : name);
  return (
    <dl>
      <dt>Core</dt>
      <dd aria-label={label('Core volume')}>{ml(v.coreMl)}</dd>
      <dt>Hypoperfused</dt>
      <dd aria-label={label('Hypoperfused volume')}>{ml(v.hypoperfusedMl)}</dd>
      <dt>Mismatch</dt>
      <dd aria-label={label('Mismatch volume')}>{ml(v.mismatchMl)}</dd>
      <dt>Ratio</dt>
      <dd aria-label={label('Mismatch ratio')}>{ratio(v.mismatchRatio)}</dd>
    </dl>
  );
}

/**
 * Core (rCBF below a fraction of the reference hemisphere), hypoperfused (Tmax above a delay) and
 * mismatch volumes with their editable thresholds (perfusionVolumes.ts), the overlay legend with
 * a toggle per class, and the volumes saved in the record: once saved at these thresholds on these
 * maps, the numbers shown are the record's; when the thresholds or the maps differ, the panel says
 * so and shows the saved numbers beside the unsaved ones.
 */
export function PerfusionVolumesView() {
  const result = usePerfusionStore((s) => s.result);
  const thresholds = usePerfusionStore((s) => s.thresholds);
  const set = usePerfusionStore((s) => s.set);
  const plane = useMirrorStore((s) => s.plane);
  const rois = useRoiStore((s) => s.rois);
  const measurements = useRoiStore((s) => s.measurements);
  const shown = usePerfusionVolumesStore((s) => s.shown);
  const setShown = usePerfusionVolumesStore((s) => s.set);
  // Recomputed when the maps, the thresholds, the mirror plane or the ROIs (the lesion side) change.
  const volumes = useMemo(() => currentVolumes(), [result, thresholds, plane, rois]);
  if (!volumes || !result) return null;
  const saved = savedVolumes(result.seriesUID, measurements);
  const sameThresholds = !!saved && saved.payload.thresholds.coreRelativeCbf === thresholds.coreRelativeCbf && saved.payload.thresholds.hypoperfusedTmaxS === thresholds.hypoperfusedTmaxS;
  const sameMaps = !!saved && saved.payload.fit.fitId === result.fitId;
  const sameReference = !!saved && saved.payload.referenceSide === volumes.referenceSide;
  const current = saved && sameThresholds && sameMaps && sameReference;
  const who = saved && 'updatedBy' in saved ? ` by ${saved.updatedBy}, ${saved.updatedAt.replace('T', ' ').slice(0, 16)} UTC` : '';
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
      <div className="perfusion-overlay-legend" role="group" aria-label="Overlay classes">
        {CLASSES.map((c) => (
          <label key={c.key} title={c.title}>
            <input type="checkbox" aria-label={`Show ${c.label.toLowerCase()} overlay`} checked={shown[c.key]} onChange={(e) => setShown({ shown: { ...shown, [c.key]: e.currentTarget.checked } })} />
            <span className="swatch" style={{ background: `rgb(${OVERLAY_COLOURS[c.key].slice(0, 3).join(',')})` }} /> {c.label}
          </label>
        ))}
      </div>
      <p className="volumes-status" aria-label="Volumes status">
        {current ? `Saved${who}.` : saved ? 'Not saved at these settings:' : 'Not saved.'}
      </p>
      <VolumeList v={current ? saved.payload : volumes} prefix="" />
      {saved && !current ? (
        <div className="volumes-saved" role="group" aria-label="Saved volumes">
          <p className="hint" aria-label="Saved volumes differ">
            {[!sameThresholds ? `the thresholds differ from the saved ones (${thresholdText(saved.payload.thresholds)})` : '', !sameMaps ? 'the maps were computed again since the save' : '', !sameReference ? 'the reference hemisphere changed' : '']
              .filter(Boolean)
              .join('; ')
              .replace(/^./, (c) => c.toUpperCase())}
            . Saved{who}:
          </p>
          <VolumeList v={saved.payload} prefix="Saved" />
        </div>
      ) : null}
      <button type="button" disabled={!!current} onClick={() => saveVolumes()} title="Store these volumes with their thresholds, reference hemisphere and the maps' provenance in the record (audited)">
        {saved ? 'Save volumes again' : 'Save volumes'}
      </button>
      <p className="hint">{`Reference CBF ${volumes.referenceCbf.toFixed(1)} ml/100 g/min (${plane ? 'mirror plane' : 'tissue midline'}, ${volumes.referenceSide === '-' ? 'patient right' : 'patient left'} when the plane is sagittal).`}</p>
    </fieldset>
  );
}
