import { useEffect, useMemo, useState } from 'react';
import { IDENTIFIER_FLAGS, type IdentifierFlag } from '../core/export/basicProfile';
import { fitNaming } from '../core/export/exportFileNames';
import { buildExportModel } from '../core/export/exportModel';
import type { CaseRecord } from '../core/export/recordSessions';
import { getPlatform } from '../platform';
import { useDtiStore } from '../state/dtiStore';
import { DEFAULT_NIFTI_SELECTION, roisOnFit, selectedNiftiFiles, type NiftiSelection } from '../services/niftiExport';
import { useRoiStore } from '../state/roiStore';
import { useStudyStore } from '../state/studyStore';
import { useTrialStore } from '../state/trialStore';
import { exportOptions, loadCaseRecord, sessionsOf, trialTables } from '../services/exportService';
import { trialExportFiles } from '../services/readingService';
import { usePreferencesStore } from '../state/preferencesStore';
import { ExportDicom } from './ExportDicom';
import { ExportNifti } from './ExportNifti';
import { PerfusionNifti } from './PerfusionNifti';
import { usePerfusionStore } from '../state/perfusionStore';
import { MeasurementTable } from './MeasurementTable';
import './exportTables.css';
import { TrialPanel } from './TrialPanel';

const FLAG_LABELS: Record<IdentifierFlag, string> = {
  patientId: 'Patient ID',
  patientName: 'Patient name',
  birthDate: 'Birth date',
  sexAge: 'Sex and age',
  patientAddress: 'Patient address',
  dates: 'Real dates and times',
  uids: 'Original UIDs',
  accessionNumber: 'Accession number / study ID',
  institution: 'Institution',
  physicians: 'Physicians and operators',
  device: 'Station and device serial',
  descriptions: 'Study / series descriptions',
};

/** Which export file each button saves, by the suffix buildExportFiles gives it. */
const EXPORTS: { label: string; suffix: string }[] = [
  { label: 'Export long CSV', suffix: '_long.csv' },
  { label: 'Export wide CSV', suffix: '_wide.csv' },
  { label: 'Export longitudinal CSV', suffix: '_longitudinal.csv' },
  { label: 'Export provenance JSON', suffix: '_provenance.json' },
  { label: 'Export reads CSV', suffix: '_reads.csv' },
  { label: 'Export consensus CSV', suffix: '_consensus.csv' },
  { label: 'Export agreement CSV', suffix: '_agreement.csv' },
];

/**
 * Trial export: trial key, per-study trial data, measurement table (trial or SI units) and the
 * export buttons. De-identified by default; identifiers go out only when ticked one by one.
 */
export function ExportDialog() {
  const trial = useTrialStore();
  const blinded = usePreferencesStore((s) => s.blinded);
  const index = useStudyStore((s) => s.index);
  const [identifiersOptIn, setIdentifiersOptIn] = useState(trial.include.length > 0);
  const [status, setStatus] = useState<string | null>(null);
  const [selection, setSelection] = useState<NiftiSelection>(DEFAULT_NIFTI_SELECTION);
  const fit = useDtiStore((s) => s.result);
  const perfusion = usePerfusionStore((s) => s.result);
  const rois = useRoiStore((s) => s.rois);
  const revision = useRoiStore((s) => s.recordRevision);
  // The tables show the case record as stored, read again after every store write.
  const [record, setRecord] = useState<CaseRecord | null>(null);
  useEffect(() => {
    if (!trial.exportOpen || !index) return;
    let current = true;
    loadCaseRecord(index)
      .then((r) => current && setRecord(r))
      .catch((e: unknown) => current && setStatus(e instanceof Error ? e.message : String(e)));
    return () => {
      current = false;
    };
  }, [trial.exportOpen, index, revision]);
  const tables = useMemo(
    () => (trial.exportOpen ? trialTables(index, trial, record) : null),
    [trial.exportOpen, index, record, trial.salt, trial.units, trial.meta, trial.include, trial.dates],
  );
  // The subject pseudonym and timepoint the fit's NIfTI files are named by: the ones its CSV rows carry.
  const naming = useMemo(() => {
    if (!trial.exportOpen || !index || !fit || !record || trial.salt === '') return null;
    const now = new Date().toISOString();
    const options = exportOptions(trial, now);
    return fitNaming(buildExportModel(sessionsOf(index, trial.meta, record, now), options), options, fit.seriesUID);
  }, [trial.exportOpen, index, fit, record, trial.salt, trial.meta, trial.include, trial.dates]);
  // The same for the perfusion maps' files.
  const perfusionNaming = useMemo(() => {
    if (!trial.exportOpen || !index || !perfusion || !record || trial.salt === '') return null;
    const now = new Date().toISOString();
    const options = exportOptions(trial, now);
    return fitNaming(buildExportModel(sessionsOf(index, trial.meta, record, now), options), options, perfusion.seriesUID);
  }, [trial.exportOpen, index, perfusion, record, trial.salt, trial.meta, trial.include, trial.dates]);
  if (!trial.exportOpen) return null;
  if (blinded) return <BlindedExport onClose={() => trial.setExportOpen(false)} />;
  const optIn = (on: boolean) => {
    setIdentifiersOptIn(on);
    if (!on) for (const f of IDENTIFIER_FLAGS) trial.setIncluded(f, false);
  };
  const close = () => trial.setExportOpen(false);

  async function save(suffix: string) {
    if (!index) return;
    try {
      const { files, warnings } = await trialExportFiles(index, useTrialStore.getState(), new Date());
      const file = files.find((f) => f.name.endsWith(suffix));
      if (!file) throw new Error(`no ${suffix} export file`);
      const result = await (await getPlatform()).saveFile(file.name, file.text);
      setStatus(result.saved ? `Saved ${result.path}${warnings.length ? ` · ${warnings.join('; ')}` : ''}` : `Not saved: ${result.reason}`);
    } catch (e) {
      setStatus(e instanceof Error ? e.message : String(e));
    }
  }

  async function saveAll() {
    if (!index) return;
    try {
      const { files, warnings } = await trialExportFiles(index, useTrialStore.getState(), new Date());
      const nifti = fit && naming ? selectedNiftiFiles(fit, roisOnFit(rois, fit.seriesUID), naming, selection) : [];
      const result = await (await getPlatform()).saveFiles([...files.map((f) => ({ name: f.name, data: f.text })), ...nifti]);
      setStatus(
        result.saved
          ? `Saved ${result.names.length} files to ${result.folder}: ${result.names.join(', ')}${warnings.length ? ` · ${warnings.join('; ')}` : ''}`
          : `Not saved: ${result.reason}`,
      );
    } catch (e) {
      setStatus(e instanceof Error ? e.message : String(e));
    }
  }

  const canExport = index !== null && trial.salt !== '';
  return (
    <div className="help-backdrop" onClick={close}>
      <div
        className="help"
        role="dialog"
        aria-modal="true"
        aria-label="Trial export"
        onClick={(e) => e.stopPropagation()}
        style={{ width: 'min(1150px, 94vw)', maxHeight: '88vh', overflow: 'auto', display: 'grid', gap: 8 }}
      >
        <h2>Trial export</h2>
        <label>
          Trial key{' '}
          <input
            type="password"
            aria-label="Trial key"
            value={trial.salt}
            onChange={(e) => trial.setSalt(e.target.value)}
            placeholder="the trial's secret (keys pseudonyms, hashed UIDs, date shifts)"
            style={{ width: 360 }}
          />
        </label>
        <TrialPanel />
        <div role="group" aria-label="Units" style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
          Units:
          <button type="button" aria-pressed={trial.units === 'trial'} onClick={() => trial.setUnits('trial')}>Trial (10⁻⁶ mm²/s, FA ×10⁻⁴)</button>
          <button type="button" aria-pressed={trial.units === 'si'} onClick={() => trial.setUnits('si')}>SI (m²/s, FA)</button>
          <span style={{ marginLeft: 12 }}>Dates:</span>
          <select aria-label="Dates" value={trial.dates} onChange={(e) => trial.setDates(e.target.value as 'remove' | 'shift')}>
            <option value="remove">removed</option>
            <option value="shift">shifted per subject</option>
          </select>
        </div>
        {trial.salt === '' ? <p>Enter the trial key to list and export measurements.</p> : tables ? (
          <MeasurementTable rows={tables.measurements} ratios={tables.ratios} lesions={tables.lesions} longitudinal={tables.longitudinal} />
        ) : null}
        <fieldset>
          <legend>
            <label>
              <input type="checkbox" checked={identifiersOptIn} onChange={(e) => optIn(e.target.checked)} /> Include identifiers (off: de-identified export)
            </label>
          </legend>
          {identifiersOptIn
            ? IDENTIFIER_FLAGS.map((f) => (
                <label key={f} style={{ marginRight: 10, whiteSpace: 'nowrap' }}>
                  <input type="checkbox" checked={trial.include.includes(f)} onChange={(e) => trial.setIncluded(f, e.target.checked)} /> {FLAG_LABELS[f]}
                </label>
              ))
            : null}
        </fieldset>
        <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap' }}>
          {EXPORTS.map((x) => (
            <button key={x.suffix} type="button" disabled={!canExport} onClick={() => void save(x.suffix)}>
              {x.label}
            </button>
          ))}
          <button type="button" disabled={!canExport} onClick={() => void saveAll()} title="Tables, provenance and the ticked NIfTI files, into one folder">
            Export all…
          </button>
          <span style={{ flex: 1 }} />
          <button type="button" onClick={close}>Close export</button>
        </div>
        <ExportNifti onStatus={setStatus} naming={naming} selection={selection} onSelection={setSelection} />
        <PerfusionNifti onStatus={setStatus} naming={perfusionNaming} />
        <ExportDicom onStatus={setStatus} />
        {status ? <p role="status">{status}</p> : null}
      </div>
    </div>
  );
}

/** While blinded the export shows nothing of the cases: its tables carry subjects, timepoints and the arms. */
function BlindedExport({ onClose }: { onClose: () => void }) {
  return (
    <div className="help-backdrop" onClick={onClose}>
      <div className="help" role="dialog" aria-modal="true" aria-label="Trial export" onClick={(e) => e.stopPropagation()}>
        <h2>Trial export</h2>
        <p>Blinded reading is on: the trial data, measurement tables and export are available when blinding is off (b).</p>
        <button type="button" onClick={onClose}>Close export</button>
      </div>
    </div>
  );
}
