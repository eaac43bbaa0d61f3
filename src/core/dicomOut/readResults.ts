import { decodePart10 } from './part10';
import { COMPREHENSIVE_3D_SR } from './measurementReport';
import { PARAMETRIC_MAP_STORAGE } from './parametricMap';
import { readMeasurementReport, type ReadGroup } from './readMeasurementReport';
import { readSegmentation, type ReadSegmentation } from './readSegmentation';
import { restoreRecord, type RestoredRecord } from './restoreRecord';
import { SEGMENTATION_STORAGE } from './segmentation';

/**
 * Reading our result objects back (pure): the SEG and SR files of a study, as Part 10 bytes,
 * parsed into the case record they were written from, per study. Parametric maps are
 * recognised and skipped (the maps are refitted, not read); any other file is reported by name.
 */
export function readResults(files: readonly { name: string; bytes: Uint8Array }[]): { byStudy: Map<string, RestoredRecord>; warnings: string[] } {
  const warnings: string[] = [];
  const reports: { study: string; groups: ReadGroup[] }[] = [];
  const segs: ReadSegmentation[] = [];
  for (const f of files) {
    try {
      const ds = decodePart10(f.bytes, f.name);
      const sopClass = String(ds.SOPClassUID);
      if (sopClass === SEGMENTATION_STORAGE) segs.push(readSegmentation(ds, f.name));
      else if (sopClass === COMPREHENSIVE_3D_SR) reports.push({ study: String(ds.StudyInstanceUID), groups: readMeasurementReport(ds, f.name) });
      else if (sopClass !== PARAMETRIC_MAP_STORAGE) warnings.push(`${f.name}: not a segmentation or measurement report (SOP class ${sopClass}), skipped`);
    } catch (e) {
      warnings.push(e instanceof Error ? e.message : String(e));
    }
  }
  const byStudy = new Map<string, RestoredRecord>();
  for (const { study, groups } of reports) {
    try {
      const restored = restoreRecord(groups, segs, study);
      byStudy.set(study, restored);
      warnings.push(...restored.warnings);
    } catch (e) {
      warnings.push(`measurement report of study ${study}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { byStudy, warnings };
}
