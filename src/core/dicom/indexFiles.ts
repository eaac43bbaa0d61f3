import type dicomParser from 'dicom-parser';
import type { FileSource } from '../io/FileSource';
import type { DicomIndex, FrameInfo, PatientEntry, SeriesEntry, SkippedFile, StudyEntry } from './types';
import { classifySeries } from './classifySeries';
import { DicomError } from './errors';
import { text, texts } from './elementValues';
import { planSeries } from './geometry/planSeries';
import { PIXEL_DATA_TAG } from './parseHeader';
import { setNativeFrameLocations } from './pixels/nativeFrameLocations';
import { isPaletteColour, readPaletteLut } from './pixels/paletteLut';
import { readPixelModule } from './pixels/readPixelModule';
import { isBigEndianSyntax } from './pixels/transferSyntax';
import { readFrames } from './readFrames';
import { readHeader } from './readHeader';
import { countDirections, diffusionProblem, distinctBValues, fillAbsentB0 } from './summariseDiffusion';

export interface IndexOptions {
  signal?: AbortSignal;
  /** Called after each file (indexed or skipped). */
  onProgress?: (done: number, total: number) => void;
  /** Files read at once (I/O bound); default 4. */
  concurrency?: number;
}

/** What one readable image file contributes to the index (plain data: it survives structured cloning). */
export interface IndexedFile {
  patient: Omit<PatientEntry, 'studies'>;
  study: Omit<StudyEntry, 'series'>;
  series: Omit<SeriesEntry, 'frames' | 'kind' | 'bValues' | 'directionCount' | 'diffusionProblem' | 'warnings'>;
  imageType: string[];
  frames: FrameInfo[];
}

const DICOMDIR_SOP = '1.2.840.10008.1.3.10';
/** CT, enhanced CT, MR and enhanced MR image storage: instances of these always carry pixel data. */
const IMAGE_SOP_CLASSES = new Set(['1.2.840.10008.5.1.4.1.1.2', '1.2.840.10008.5.1.4.1.1.2.1', '1.2.840.10008.5.1.4.1.1.4', '1.2.840.10008.5.1.4.1.1.4.1']);
const PRESENTATION_STATE_PREFIX = '1.2.840.10008.5.1.4.1.1.11.';
/**
 * Result objects (ours or another tool's): not images to view. Our SEG and SR are read back into
 * the record when the study opens (src/services/resultImport.ts); a SEG would otherwise index as
 * a series of one-bit frames.
 */
const RESULT_CLASSES: Record<string, string> = {
  '1.2.840.10008.5.1.4.1.1.66.4': 'segmentation (DICOM SEG): ROIs and lesions, restored into the record when they are ours, not an image',
  '1.2.840.10008.5.1.4.1.1.88.34': 'measurement report (Comprehensive 3D SR): measurements, restored into the record when they are ours, not an image',
  '1.2.840.10008.5.1.4.1.1.88.22': 'measurement report (Enhanced SR), not an image',
  '1.2.840.10008.5.1.4.1.1.30': 'parametric map: a fitted map written by an analysis, not a source image',
};
const PHILIPS_PRIVATE_PREFIX = '1.3.46.670589.11.0.0.12.';
/** What Philips' private SOP classes hold (names as in dcmtk/dcm4che), by the UID's last component. */
const PHILIPS_PRIVATE_CLASSES: Record<string, string> = {
  '1': 'MR spectrum',
  '2': 'MR series data (acquisition parameters)',
  '3': 'MR colour image',
  '4': 'ExamCard (the scan protocol)',
};

/**
 * Indexes files from headers only (patient → study → series → frames). Every file that is not an
 * image (non-DICOM, DICOMDIR, presentation state, Philips private non-image SOP classes sharing
 * the series number, truncated or unreadable) is listed in `skipped` with the reason and never stops
 * the rest. Only abort (`signal`) rejects.
 */
export async function indexFiles(files: FileSource[], opts: IndexOptions = {}): Promise<DicomIndex> {
  const results: (IndexedFile | SkippedFile)[] = new Array(files.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      opts.signal?.throwIfAborted();
      const i = next++;
      results[i] = await indexOne(files[i]);
      done++;
      opts.onProgress?.(done, files.length);
    }
  };
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? 4, files.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  opts.signal?.throwIfAborted();
  return mergeIndexed(results);
}

/** What indexing one file gives: its contribution, or why it is skipped. */
export type IndexedOrSkipped = IndexedFile | SkippedFile;

/**
 * The index of per-file results given in the folder's file order (one per file, as `indexOne`
 * returns them, whichever thread produced them): skipped files keep that order, and series are
 * grouped exactly as `indexFiles` does, so a host indexing shards in parallel gets the same index.
 */
export function mergeIndexed(results: readonly IndexedOrSkipped[]): DicomIndex {
  const skipped = results.filter((r): r is SkippedFile => 'reason' in r);
  const indexed = results.filter((r): r is IndexedFile => !('reason' in r));
  return { patients: groupIndexed(indexed), skipped, fileCount: results.length };
}

/** One file's contribution to the index from its header, or its skip reason; never rejects. */
export async function indexOne(source: FileSource): Promise<IndexedFile | SkippedFile> {
  try {
    const { dataSet, transferSyntaxUID, contentLength } = await readHeader(source);
    const reason = whyNotAnImage(dataSet, contentLength);
    if (reason) return { path: source.path, reason };
    // Cornerstone's loader maps palettes unchecked: a malformed one is skipped here, with its reason, instead.
    if (isPaletteColour(dataSet)) readPaletteLut(source.path, dataSet, readPixelModule(dataSet), isBigEndianSyntax(transferSyntaxUID));
    // Offsets in the parsed buffer exceed file offsets by whatever synthetic header parseHeader added.
    return describeFile(source.path, dataSet, transferSyntaxUID, contentLength - source.size);
  } catch (err) {
    if (err instanceof DicomError) return { path: source.path, reason: err.reason };
    return { path: source.path, reason: `unexpected failure while reading the header: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Null for an indexable image; otherwise the user-facing reason it is skipped. */
function whyNotAnImage(ds: dicomParser.DataSet, contentLength: number): string | null {
  const sop = text(ds, 'x00080016') || text(ds, 'x00020002');
  if (sop === DICOMDIR_SOP || ds.elements.x00041220) return 'DICOMDIR (a directory of other files, not an image)';
  if (RESULT_CLASSES[sop]) return `${RESULT_CLASSES[sop]} (SOP class ${sop})`;
  if (sop.startsWith(PRESENTATION_STATE_PREFIX)) return `presentation state: display settings saved for other images, not an image (SOP class ${sop})`;
  if (sop.startsWith(PHILIPS_PRIVATE_PREFIX)) {
    const what = PHILIPS_PRIVATE_CLASSES[sop.slice(PHILIPS_PRIVATE_PREFIX.length)] ?? 'data';
    return `Philips private non-image object: ${what} the scanner exports with the series, not an image (SOP class ${sop})`;
  }
  const pixels = ds.elements[PIXEL_DATA_TAG];
  if (!pixels) {
    const what = `no pixel data (SOP class ${sop || 'unknown'})`;
    // An image's header (an MR/CT class, or Rows and Columns) and nothing after it: cut short, or exported so.
    const image = IMAGE_SOP_CLASSES.has(sop) || (ds.elements.x00280010 && ds.elements.x00280011);
    return image ? `${what}: the file ends after its header, at ${contentLength} bytes (truncated, or exported without the image)` : what;
  }
  if (pixels.length !== 0xffffffff && pixels.dataOffset + pixels.length > contentLength) {
    return `truncated: pixel data needs ${pixels.dataOffset + pixels.length} bytes, file has ${contentLength}`;
  }
  if (!text(ds, 'x0020000e')) return 'no SeriesInstanceUID (0020,000E)';
  if (!ds.elements.x00280010 || !ds.elements.x00280011) return 'no Rows/Columns';
  return null;
}

function describeFile(file: string, ds: dicomParser.DataSet, transferSyntaxUID: string, shift: number): IndexedFile {
  const manufacturer = text(ds, 'x00080070');
  const frames = readFrames(file, ds, manufacturer);
  setNativeFrameLocations(file, ds, transferSyntaxUID, shift, frames);
  const seriesNumber = Number(text(ds, 'x00200011'));
  return {
    patient: {
      patientId: text(ds, 'x00100020'),
      patientName: text(ds, 'x00100010'),
      birthDate: text(ds, 'x00100030'),
      sex: text(ds, 'x00100040'),
    },
    study: {
      studyInstanceUID: text(ds, 'x0020000d'),
      studyDate: text(ds, 'x00080020'),
      studyTime: text(ds, 'x00080030'),
      description: text(ds, 'x00081030'),
      accessionNumber: text(ds, 'x00080050'),
    },
    series: {
      seriesInstanceUID: text(ds, 'x0020000e'),
      seriesNumber: text(ds, 'x00200011') !== '' && Number.isFinite(seriesNumber) ? seriesNumber : null,
      description: text(ds, 'x0008103e'),
      modality: text(ds, 'x00080060'),
      manufacturer,
      sopClassUID: text(ds, 'x00080016'),
      transferSyntaxUID: transferSyntaxUID || '1.2.840.10008.1.2',
      frameOfReferenceUID: text(ds, 'x00200052') || null,
    },
    imageType: texts(ds, 'x00080008'),
    frames,
  };
}

function groupIndexed(files: IndexedFile[]): PatientEntry[] {
  const patients = new Map<string, PatientEntry>();
  const studies = new Map<string, StudyEntry>();
  const series = new Map<string, { entry: SeriesEntry; imageTypes: string[] }>();
  for (const f of files) {
    const patientKey = `${f.patient.patientId}\u0000${f.patient.patientName}`;
    let patient = patients.get(patientKey);
    if (!patient) patients.set(patientKey, (patient = { ...f.patient, studies: [] }));
    let study = studies.get(f.study.studyInstanceUID);
    if (!study) {
      study = { ...f.study, series: [] };
      studies.set(f.study.studyInstanceUID, study);
      patient.studies.push(study);
    }
    let s = series.get(f.series.seriesInstanceUID);
    if (!s) {
      s = {
        entry: { ...f.series, kind: 'other', frames: [], bValues: [], directionCount: 0, diffusionProblem: null, warnings: [] },
        imageTypes: [],
      };
      series.set(f.series.seriesInstanceUID, s);
      study.series.push(s.entry);
    }
    s.entry.frames.push(...f.frames);
    for (const t of f.imageType) if (!s.imageTypes.includes(t)) s.imageTypes.push(t);
  }
  for (const { entry, imageTypes } of series.values()) finishSeries(entry, imageTypes);
  for (const study of studies.values()) study.series.sort((a, b) => (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity));
  return [...patients.values()];
}

/** Acquisition order, derived fields and kind of one series once all its files are in. */
function finishSeries(entry: SeriesEntry, imageTypes: string[]): void {
  entry.frames.sort(acquisitionOrder);
  fillAbsentB0(entry.frames);
  entry.kind = classifySeries(entry.modality, imageTypes, entry.description, entry.frames);
  entry.bValues = distinctBValues(entry.frames);
  entry.directionCount = countDirections(entry.frames);
  entry.diffusionProblem = entry.kind === 'dwi' ? diffusionProblem(entry.frames) : null;
  entry.warnings.push(...geometryWarnings(entry));
}

/**
 * Geometry problems known from headers alone (gaps, uneven spacing, stacks that cannot form one
 * grid), so the series list can show them before anyone opens the series.
 */
function geometryWarnings(entry: SeriesEntry): string[] {
  try {
    return planSeries(entry).warnings;
  } catch (err) {
    if (err instanceof DicomError) return [`cannot be assembled into a volume: ${err.reason}`];
    throw err;
  }
}

/** Instance number, then frame index, then file path: the order the scanner wrote the images in. */
export function acquisitionOrder(a: FrameInfo, b: FrameInfo): number {
  return (
    (a.instanceNumber ?? Infinity) - (b.instanceNumber ?? Infinity) ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.frameIndex - b.frameIndex
  );
}
