import type { CaseRecord } from '../core/export/recordSessions';

/** Trial units of the maps a read lists: diffusivities ×10⁻⁶ mm²/s, FA ×10⁻⁴ (the stored values are SI-native). */
const TRIAL_SCALE: Record<string, [number, string]> = { md: [1e6, '×10⁻⁶ mm²/s'], ad: [1e6, '×10⁻⁶ mm²/s'], rd: [1e6, '×10⁻⁶ mm²/s'], fa: [1e4, '×10⁻⁴'] };

/**
 * The case's measurements from the record, read-only beside the read: each ROI's mean on the DTI
 * maps and each ABC/2 volume, with who signed it. Names are left out when the timepoint is hidden
 * (default ROI names carry it); the role and shape say what each ROI is.
 */
export function CaseMeasurements({ record, studyUID, showNames }: { record: CaseRecord | null; studyUID: string; showNames: boolean }) {
  const rois = (record?.rois ?? []).filter((r) => r.key.studyInstanceUID === studyUID);
  const abc2 = (record?.measurements ?? []).filter((m) => m.key.studyInstanceUID === studyUID && m.payload.kind === 'abc2');
  if (rois.length === 0 && abc2.length === 0) return <p className="muted">No measurements of this case in the record.</p>;
  return (
    <ul className="case-measurements" aria-label="Case measurements">
      {rois.map((r) => (
        <li key={r.roi.id}>
          {showNames ? `${r.roi.name} · ` : ''}
          {r.roi.role} ({r.roi.shape}):{' '}
          {(r.measured?.stats ?? [])
            .filter((s) => s.map in TRIAL_SCALE)
            .map((s) => `${s.map.toUpperCase()} ${Math.round(s.mean * TRIAL_SCALE[s.map][0])} ${TRIAL_SCALE[s.map][1]}`)
            .join(', ') || 'not measured'}
          <span className="muted"> · {r.updatedBy}</span>
        </li>
      ))}
      {abc2.map((m) => (
        <li key={m.id}>
          ABC/2 {m.payload.kind === 'abc2' ? `${m.payload.volumeMl.toFixed(2)} mL` : ''}
          {m.payload.kind === 'abc2' && m.payload.modality ? ` (${m.payload.modality})` : ''}
          <span className="muted"> · {m.updatedBy}</span>
        </li>
      ))}
    </ul>
  );
}
