import { useState } from 'react';
import { getPlatform } from '../platform';
import { buildResultObjects } from '../services/dicomResultsService';
import { useStudyStore } from '../state/studyStore';
import { useTrialStore } from '../state/trialStore';

/**
 * "Save as DICOM": the case record as a SEG per series, a TID 1500 SR of every measurement and a
 * parametric map per DTI map of the current fit, into a folder the user picks (never the opened
 * one; the platform writes each file atomically). De-identified for the trial by default (needs
 * the trial key); identified objects, referencing the source images as they are, go back to the
 * hospital's own PACS.
 */
export function ExportDicom({ onStatus }: { onStatus(text: string): void }) {
  const index = useStudyStore((s) => s.index);
  const salt = useTrialStore((s) => s.salt);
  const [identified, setIdentified] = useState(false);
  const [busy, setBusy] = useState(false);
  const canSave = index !== null && !busy && (identified || salt !== '');

  async function save() {
    if (!index) return;
    setBusy(true);
    try {
      const { files, warnings } = await buildResultObjects(index, useTrialStore.getState(), { deidentify: !identified }, new Date());
      if (files.length === 0) throw new Error('nothing to save: no ROI, measurement, segmentation or fitted map in the open studies');
      const result = await (await getPlatform()).saveFiles(files.map((f) => ({ name: f.name, data: f.bytes })));
      onStatus(
        result.saved
          ? `Saved ${result.names.length} DICOM files to ${result.folder}: ${result.names.join(', ')}${warnings.length ? ` · ${warnings.join('; ')}` : ''}`
          : `Not saved: ${result.reason}`,
      );
    } catch (e) {
      onStatus(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div role="group" aria-label="DICOM export" style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
      <button type="button" disabled={!canSave} onClick={() => void save()} title="Segmentations, measurement report (TID 1500) and DTI parametric maps, into one folder">
        Save as DICOM (SEG + SR + maps)…
      </button>
      <label>
        <input type="checkbox" checked={identified} onChange={(e) => setIdentified(e.target.checked)} /> Identified (for the hospital PACS; off: de-identified for the trial)
      </label>
      {!identified && salt === '' ? <span>Enter the trial key to save de-identified DICOM.</span> : null}
    </div>
  );
}
