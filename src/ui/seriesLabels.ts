import type { SeriesEntry } from '../core/dicom/types';

/**
 * The kind badge of a series row: "DTI b0/1000 ×6" for diffusion with ≥ 6 directions,
 * "DWI b0/1000 ×3" below that, else the kind in capitals (ADC, FA, CT, CTP, T1, T2, FLAIR).
 */
export function kindBadge(series: SeriesEntry): string {
  if (series.kind === 'dwi') {
    const name = series.directionCount >= 6 ? 'DTI' : 'DWI';
    const b = series.bValues.length > 0 ? ` b${series.bValues.map((v) => String(Math.round(v))).filter((v, i, a) => a.indexOf(v) === i).join('/')}` : '';
    return `${name}${b} ×${series.directionCount}`;
  }
  if (series.kind === 'colfa') return 'cFA';
  if (series.kind === 'other') return series.modality || 'OTHER';
  return series.kind.toUpperCase();
}

/** DICOM DA (YYYYMMDD) as ISO 2024-03-01, or '—' when absent. */
export function formatDate(da: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : '—';
}

/** DICOM PN "Family^Given^Middle" for display: "Family, Given Middle". */
export function formatPersonName(pn: string): string {
  const [family = '', given = '', middle = ''] = pn.split('=')[0].split('^');
  const rest = [given, middle].filter(Boolean).join(' ');
  return [family, rest].filter(Boolean).join(', ') || '(no name)';
}
