/**
 * QIDO-RS results (the DICOM JSON model, PS3.18 §F.2) as the rows the search dialog lists. Pure;
 * an attribute missing from a result reads as '' or null, never as an error (servers differ in
 * what they return unasked).
 */

type DicomJsonElement = { vr?: string; Value?: unknown[] };
type DicomJsonDataset = Record<string, DicomJsonElement | undefined>;

export interface StudySummary {
  studyInstanceUID: string;
  patientName: string;
  patientId: string;
  /** YYYYMMDD as stored, '' when absent. */
  studyDate: string;
  description: string;
  accessionNumber: string;
  modalities: string[];
  seriesCount: number | null;
  instanceCount: number | null;
}

export interface SeriesSummary {
  seriesInstanceUID: string;
  seriesNumber: number | null;
  modality: string;
  description: string;
  instanceCount: number | null;
}

function values(ds: DicomJsonDataset, tag: string): unknown[] {
  const v = ds[tag]?.Value;
  return Array.isArray(v) ? v : [];
}

/** A string value; a person name's alphabetic form ('DOE^JOHN'). */
function text(ds: DicomJsonDataset, tag: string): string {
  const v = values(ds, tag)[0];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && typeof (v as { Alphabetic?: unknown }).Alphabetic === 'string') return (v as { Alphabetic: string }).Alphabetic;
  return '';
}

function integer(ds: DicomJsonDataset, tag: string): number | null {
  const v = Number(values(ds, tag)[0]);
  return values(ds, tag).length > 0 && Number.isFinite(v) ? v : null;
}

function datasets(json: unknown, what: string): DicomJsonDataset[] {
  if (!Array.isArray(json)) throw new Error(`The server's ${what} list is not DICOM JSON (an array of datasets expected)`);
  return json.filter((d): d is DicomJsonDataset => typeof d === 'object' && d !== null);
}

/** Studies of a QIDO-RS study search, each with a StudyInstanceUID (others are left out). */
export function parseStudies(json: unknown): StudySummary[] {
  return datasets(json, 'study')
    .map((ds) => ({
      studyInstanceUID: text(ds, '0020000D'),
      patientName: text(ds, '00100010'),
      patientId: text(ds, '00100020'),
      studyDate: text(ds, '00080020'),
      description: text(ds, '00081030'),
      accessionNumber: text(ds, '00080050'),
      modalities: values(ds, '00080061').filter((m): m is string => typeof m === 'string'),
      seriesCount: integer(ds, '00201206'),
      instanceCount: integer(ds, '00201208'),
    }))
    .filter((s) => s.studyInstanceUID !== '');
}

/** Series of a QIDO-RS series search, each with a SeriesInstanceUID, by series number. */
export function parseSeries(json: unknown): SeriesSummary[] {
  return datasets(json, 'series')
    .map((ds) => ({
      seriesInstanceUID: text(ds, '0020000E'),
      seriesNumber: integer(ds, '00200011'),
      modality: text(ds, '00080060'),
      description: text(ds, '0008103E'),
      instanceCount: integer(ds, '00201209'),
    }))
    .filter((s) => s.seriesInstanceUID !== '')
    .sort((a, b) => (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity));
}

/** SOP Instance UIDs of a QIDO-RS instance search, in the server's order. */
export function parseInstanceUids(json: unknown): string[] {
  return datasets(json, 'instance')
    .map((ds) => text(ds, '00080018'))
    .filter((uid) => uid !== '');
}
