import type { PatientEntry, StudyEntry } from '../dicom/types';
import type { ExportUnitSystem } from '../export/exportUnits';
import { sanitizeFileName } from '../export/sanitizeFileName';
import type { Mat4 } from '../math/types';
import { roiMask } from '../nifti/roiMask';
import { CODES } from './codes';
import { deidentifyDataset, type DatasetDeidentification } from './deidentifyDataset';
import { measurementReportDataset, type Evidence } from './measurementReport';
import { PARAMETRIC_MAP_STORAGE, PARAMETRIC_MAPS, parametricMapDataset } from './parametricMap';
import { encodePart10, type Dataset } from './part10';
import { reportGroups, type RecordPolicy, type StudyRecord } from './reportGroups';
import { resultUid } from './resultUid';
import { SEGMENTATION_STORAGE, segmentationDataset, type SegmentInput, type SegmentationGrid } from './segmentation';
import { sourceSeries, type SourceSeries, type SourceStudy } from './sourceSeries';
import { hashUid } from '../export/deidentify';

/**
 * The result objects of one study: a SEG per source series (its ROIs rasterised on the series'
 * grid by the statistics' own inclusion rule, and its lesion segmentations), a parametric map
 * per DTI map of each fit held, and one TID 1500 SR of every measurement, referencing them.
 */

/** A fit's maps as held now (native units, the series' grid). */
export interface FitMaps {
  seriesInstanceUID: string;
  fitId: string;
  maps: Partial<Record<string, Float32Array>>;
}

export interface StudyObjectsOptions {
  units: ExportUnitSystem;
  appVersion: string;
  /** ISO 8601 UTC time of the export (content date of every object). */
  createdAt: string;
  reader: string;
  policy: RecordPolicy;
  deidentify: DatasetDeidentification | null;
  /** File name prefix (e.g. subject and timepoint, or the study's date). */
  prefix: string;
}

export interface ResultFile {
  name: string;
  bytes: Uint8Array;
}

export const TRACKING_ROOT = 'dti-trial-viewer/tracking';
const SEG_SERIES = 9001;
const PM_SERIES = 9101;
const SR_SERIES = 9201;

/** A grid as a map key: dims and affine to 1 µm, so a lesion drawn on its series' map grid shares the ROIs' SEG. */
const gridKey = (dims: number[], affine: Mat4) => JSON.stringify([dims, affine.map((v) => Math.round(v * 1000))]);

export function studyObjects(
  patient: PatientEntry,
  study: StudyEntry,
  record: StudyRecord,
  fits: readonly FitMaps[],
  options: StudyObjectsOptions,
): { files: ResultFile[]; warnings: string[] } {
  const warnings: string[] = [];
  const source: SourceStudy = { patient, study };
  // The reader's name goes out as the CSV's reader column does: through the record policy.
  const authoring = { createdAt: options.createdAt, appVersion: options.appVersion, reader: options.policy.text(options.reader) };
  // Each series planned once; one that cannot be (no frame of reference, irregular grid) is reported once.
  const seriesOf = new Map<string, SourceSeries | null>();
  const planned = (uid: string): SourceSeries | null => {
    if (seriesOf.has(uid)) return seriesOf.get(uid)!;
    const entry = study.series.find((s) => s.seriesInstanceUID === uid);
    let s: SourceSeries | null = null;
    try {
      if (entry) s = sourceSeries(entry);
    } catch (e) {
      warnings.push(`${e instanceof Error ? e.message : String(e)}: its segmentations and maps are not written, its measurements are`);
    }
    seriesOf.set(uid, s);
    return s;
  };
  const trackingUid = (id: string) => hashUid(TRACKING_ROOT, id);
  // Our series name their source by number: its description may identify (de-identification removes descriptions).
  const seriesNumberOf = (uid: string) => study.series.find((s) => s.seriesInstanceUID === uid)?.seriesNumber ?? '?';
  const datasets: { name: string; dataset: Dataset }[] = [];
  const evidence: Evidence[] = [];
  const segmentOf = new Map<string, { sopClassUID: string; sopInstanceUID: string; segmentNumber: number }>();

  // Segmentations: one SEG per series and grid.
  const bySeriesGrid = new Map<string, { series: SourceSeries; grid: SegmentationGrid; segments: (SegmentInput & { entity: string })[] }>();
  const add = (series: SourceSeries, dims: [number, number, number], affine: Mat4, segment: SegmentInput & { entity: string }) => {
    const onSeriesGrid = gridKey(dims, affine) === gridKey(series.dims, series.affine);
    const key = `${series.seriesInstanceUID}\u0000${gridKey(dims, affine)}`;
    if (!bySeriesGrid.has(key)) bySeriesGrid.set(key, { series, grid: { dims, affine, sources: onSeriesGrid ? series.slices : Array(dims[2]).fill(null) }, segments: [] });
    bySeriesGrid.get(key)!.segments.push(segment);
  };
  for (const r of record.rois) {
    const series = planned(r.key.seriesInstanceUID);
    if (!series) continue;
    const mask = roiMask(r.roi, series);
    if (!mask.some((v) => v !== 0)) {
      warnings.push(`ROI "${r.roi.name}" takes no voxel of its series' grid: it has no segment (its SR group keeps its outline)`);
      continue;
    }
    add(series, series.dims, series.affine, { entity: r.roi.id, label: options.policy.text(r.roi.name), role: r.roi.role, trackingId: options.policy.text(r.roi.name), trackingUid: trackingUid(r.roi.id), algorithm: 'MANUAL', mask });
  }
  for (const { record: seg } of record.segmentations) {
    const series = planned(seg.key.seriesInstanceUID);
    if (!series || seg.voxels === 0) continue;
    const mask = seg.labels.map((v) => (v !== 0 ? 1 : 0));
    // The ABC/2 of its series says how the lesion was segmented: brushed by hand, or an MD threshold the reader accepted.
    const thresholded = record.measurements.some((m) => m.payload.kind === 'abc2' && m.key.seriesInstanceUID === seg.key.seriesInstanceUID && m.payload.segmentation === 'threshold');
    const algorithm = thresholded ? 'SEMIAUTOMATIC' : 'MANUAL';
    add(series, seg.dims, seg.affine, { entity: seg.id, label: options.policy.text(seg.name), role: 'lesion', trackingId: options.policy.text(seg.name), trackingUid: trackingUid(seg.id), algorithm, mask });
  }
  let segIndex = 0;
  for (const { series, grid, segments } of bySeriesGrid.values()) {
    const content = segments.map((s) => [s.entity, s.label, s.role, s.trackingUid, gridKey(grid.dims, grid.affine), Array.from(s.mask.keys()).filter((i) => s.mask[i] !== 0).join(',')]);
    const sopInstanceUID = resultUid('seg', series.seriesInstanceUID, content);
    const seriesInstanceUID = resultUid('seg-series', study.studyInstanceUID, series.seriesInstanceUID);
    segIndex++;
    const dataset = segmentationDataset(
      source,
      series,
      grid,
      segments,
      { sopInstanceUID, seriesInstanceUID, seriesNumber: SEG_SERIES + segIndex - 1, seriesDescription: `ROIs and lesions (series ${seriesNumberOf(series.seriesInstanceUID)})`, instanceNumber: 1 },
      { ...authoring, dimensionOrganizationUID: resultUid('seg-dimensions', sopInstanceUID, '') },
    );
    segments.forEach((s, i) => segmentOf.set(s.entity, { sopClassUID: SEGMENTATION_STORAGE, sopInstanceUID, segmentNumber: i + 1 }));
    evidence.push({ seriesInstanceUID, sopClassUID: SEGMENTATION_STORAGE, sopInstanceUID });
    datasets.push({ name: `SEG_${segIndex}`, dataset });
  }

  // Parametric maps of the fits held now, one series per fit.
  const mapOf = new Map<string, { sopClassUID: string; sopInstanceUID: string }>();
  fits.forEach((fit, f) => {
    const series = planned(fit.seriesInstanceUID);
    if (!series) return;
    const seriesInstanceUID = resultUid('pm-series', study.studyInstanceUID, fit.fitId);
    PARAMETRIC_MAPS.forEach((map, m) => {
      const data = fit.maps[map];
      if (!data) return;
      const sopInstanceUID = resultUid('pm', fit.seriesInstanceUID, [fit.fitId, map]);
      if (data.length !== series.dims[0] * series.dims[1] * series.dims[2]) {
        warnings.push(`${map.toUpperCase()} map of fit ${fit.fitId} is not on its series' grid: not written as a parametric map`);
        return;
      }
      const dataset = parametricMapDataset(
        source,
        series,
        map,
        data,
        { sopInstanceUID, seriesInstanceUID, seriesNumber: PM_SERIES + f, seriesDescription: `DTI maps (series ${seriesNumberOf(series.seriesInstanceUID)})`, instanceNumber: m + 1 },
        { ...authoring, dimensionOrganizationUID: resultUid('pm-dimensions', sopInstanceUID, '') },
      );
      mapOf.set(`${fit.seriesInstanceUID}\u0000${fit.fitId}\u0000${map}`, { sopClassUID: PARAMETRIC_MAP_STORAGE, sopInstanceUID });
      datasets.push({ name: `PM_${map.toUpperCase()}${fits.length > 1 ? `_${f + 1}` : ''}`, dataset });
    });
  });

  // The measurement report.
  const groups = reportGroups(record, {
    units: options.units,
    policy: options.policy,
    frameOfReference: (uid) => planned(uid)?.frameOfReferenceUID ?? study.series.find((s) => s.seriesInstanceUID === uid)?.frameOfReferenceUID ?? '',
    segmentOf: (id) => segmentOf.get(id),
    mapSource: (series, fitId, map) => mapOf.get(`${series}\u0000${fitId}\u0000${map}`),
    trackingUid,
  });
  if (groups.length > 0) {
    const referenced = new Set(groups.flatMap((g) => [g.segment?.sopInstanceUID, ...g.measurements.map((m) => m.source?.sopInstanceUID)]));
    const pmSeries = (sop: string) => datasets.find((d) => d.dataset.SOPInstanceUID === sop)?.dataset.SeriesInstanceUID as string;
    const usedEvidence = [
      ...evidence.filter((e) => referenced.has(e.sopInstanceUID)),
      ...[...mapOf.values()].filter((m) => referenced.has(m.sopInstanceUID)).map((m) => ({ ...m, seriesInstanceUID: pmSeries(m.sopInstanceUID) })),
    ];
    const modality = study.series.find((s) => s.seriesInstanceUID === groups[0].sourceSeriesUID)?.modality;
    const sopInstanceUID = resultUid('sr', study.studyInstanceUID, [groups, options.units]);
    datasets.push({
      name: 'SR',
      dataset: measurementReportDataset(
        source,
        groups,
        usedEvidence,
        { sopInstanceUID, seriesInstanceUID: resultUid('sr-series', study.studyInstanceUID, ''), seriesNumber: SR_SERIES, seriesDescription: 'DTI Trial Viewer measurements', instanceNumber: 1 },
        { ...authoring, procedure: modality === 'CT' ? CODES.ctHead : CODES.mrBrain },
      ),
    });
  }

  const files = datasets.map(({ name, dataset }) => ({
    name: sanitizeFileName(`${options.prefix}_${name}.dcm`),
    bytes: encodePart10(options.deidentify ? deidentifyDataset(dataset, options.deidentify) : dataset),
  }));
  return { files, warnings };
}
