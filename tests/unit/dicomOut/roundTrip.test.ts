import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DicomIndex } from '../../../src/core/dicom/types';
import { decodePart10, encodePart10, type Dataset } from '../../../src/core/dicomOut/part10';
import { readResults } from '../../../src/core/dicomOut/readResults';
import { resultObjects, type ResultObjectsOptions } from '../../../src/core/dicomOut/resultObjects';
import { planimetricVolume } from '../../../src/core/abc2/planimetricVolume';
import { buildExportFiles } from '../../../src/core/export/exportFiles';
import { buildExportModel, type ExportOptions } from '../../../src/core/export/exportModel';
import { sanitizeFileName } from '../../../src/core/export/sanitizeFileName';
import { recordSessions, type CaseRecord } from '../../../src/core/export/recordSessions';
import type { ExportUnitSystem } from '../../../src/core/export/exportUnits';
import { caseRecordOf, smallDtiStudy } from './resultFixture';

let dir = '';
let index: DicomIndex;
beforeAll(async () => {
  ({ dir, index } = await smallDtiStudy());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const exportOptions = (units: ExportUnitSystem): ExportOptions => ({ salt: 'trial-key', dates: 'shift', include: [], units, appVersion: '0.1.0', exportedAt: '2024-04-01T00:00:00.000Z' });
const sessions = (record: CaseRecord) => recordSessions(index, {}, record, { appVersion: '0.1.0', savedAt: '2024-04-01T00:00:00.000Z', reader: 'Reader One' });
const csvFiles = (record: CaseRecord, units: ExportUnitSystem) => buildExportFiles(sessions(record), exportOptions(units)).files.filter((f) => f.name.endsWith('.csv'));
const options = (units: ExportUnitSystem): ResultObjectsOptions => ({ units, appVersion: '0.1.0', createdAt: '2024-03-12T11:00:00.000Z', reader: 'Reader One', deidentify: null });

/** The restored record as the export reads it (segmentations with their planimetric volume). */
function asCaseRecord(r: { rois: CaseRecord['rois']; measurements: CaseRecord['measurements']; segmentations: CaseRecord['segmentations'][number]['record'][] }): CaseRecord {
  return { rois: r.rois, measurements: r.measurements, segmentations: r.segmentations.map((s) => ({ record: s, planimetricMl: planimetricVolume(s.labels, s.dims, s.affine) })) };
}

describe.each<ExportUnitSystem>(['trial', 'si'])('written and read back (%s units)', (units) => {
  it('restores every ROI, ABC/2, line, bidirectional, probe and lesion segmentation of the record', () => {
    const { record, fits } = caseRecordOf(index);
    const { files, warnings } = resultObjects(index, record, fits, options(units));
    expect(warnings).toEqual([]);
    const read = readResults(files);
    expect(read.warnings).toEqual([]);
    const restored = read.byStudy.get(index.patients[0].studies[0].studyInstanceUID)!;
    expect(restored.rois.map((r) => r.roi.id)).toEqual(['roi-core', 'roi-mirror', 'roi-free']);
    for (const [i, r] of restored.rois.entries()) {
      const orig = record.rois[i];
      // The outline goes through SCOORD3D, whose GraphicData is float32 (FL) by the standard; the
      // rest through JSON (as the store keeps it), which writes −0 as 0.
      expect(r.roi).toEqual(JSON.parse(JSON.stringify({ ...orig.roi, contour: orig.roi.contour.map((p) => p.map(Math.fround)) })));
      expect(r.key).toEqual(orig.key);
      expect({ ...r, roi: null, measured: null }).toEqual({ ...orig, roi: null, measured: null });
      if (!orig.measured) {
        expect(r.measured).toBeNull();
        continue;
      }
      expect(r.measured!.fit).toEqual(orig.measured.fit);
      expect(r.measured!.units).toEqual(orig.measured.units);
      expect(r.measured!.measuredAt).toBe(orig.measured.measuredAt);
      // Statistics come back to the bit: each NUM agrees with the stored value it was exported from.
      expect(r.measured!.stats).toEqual(orig.measured.stats);
    }
    // ABC/2 and the brush lesion come back exactly (in SI units the volumes by the power of ten of m³).
    expect(restored.measurements.map((m) => m.kind)).toEqual(['abc2', 'length', 'bidirectional', 'probe']);
    const [abc, ...lines] = restored.measurements;
    // Lines and the probe: numbers exact, points float32 (SCOORD3D).
    const f32 = (p: number[]) => p.map(Math.fround);
    for (const [i, m] of lines.entries()) {
      const orig = record.measurements[i + 1];
      const p = orig.payload;
      const expected =
        p.kind === 'length'
          ? { ...p, points: p.points.map(f32) }
          : p.kind === 'bidirectional'
            ? { ...p, long: p.long.map(f32), short: p.short.map(f32) }
            : p.kind === 'probe'
              ? { ...p, point: f32(p.point) }
              : p;
      expect(m).toEqual({ ...orig, payload: expected });
    }
    if (units === 'trial') expect(abc).toEqual(record.measurements[0]);
    else expect({ ...abc, payload: { ...abc.payload, volumeMl: 0, planimetricMl: 0 } }).toEqual({ ...record.measurements[0], payload: { ...record.measurements[0].payload, volumeMl: 0, planimetricMl: 0 } });
    expect(restored.segmentations).toEqual(record.segmentations.map((s) => s.record));
  });

  it('a reopened study exports byte-identical CSV files', () => {
    const { record, fits } = caseRecordOf(index);
    const restored = readResults(resultObjects(index, record, fits, options(units)).files).byStudy.get(index.patients[0].studies[0].studyInstanceUID)!;
    const before = csvFiles(record, units);
    const after = csvFiles(asCaseRecord(restored), units);
    expect(before.map((f) => f.name)).toEqual(after.map((f) => f.name));
    for (const [i, f] of before.entries()) expect(after[i].text).toBe(f.text);
    expect(before[0].text.split('\n').length).toBeGreaterThan(40);
  });
});

describe('the SR numbers are the authority', () => {
  it('a NUM changed after export (not matching the stored value) is read as written, not from the record fields', () => {
    const { record, fits } = caseRecordOf(index);
    const files = resultObjects(index, record, fits, options('trial')).files;
    const srFile = files.find((f) => f.name.endsWith('_SR.dcm'))!;
    const sr = decodePart10(srFile.bytes, srFile.name);
    const content = (ds: Dataset) => (Array.isArray(ds.ContentSequence) ? ds.ContentSequence : [ds.ContentSequence]) as Dataset[];
    const measurements = content(sr).find((c) => (c.ConceptNameCodeSequence as Dataset[])[0].CodeValue === '126010')!;
    const firstGroup = content(measurements)[0];
    // The core ROI's first group is FA; its first NUM the mean.
    const mean = content(firstGroup).find((c) => c.ValueType === 'NUM')!;
    const measured = (mean.MeasuredValueSequence as Dataset[])[0];
    measured.NumericValue = '3000';
    measured.FloatingPointValue = 3000;
    const edited = [...files.filter((f) => f !== srFile), { name: srFile.name, bytes: encodePart10(sr) }];
    const restored = readResults(edited).byStudy.get(index.patients[0].studies[0].studyInstanceUID)!;
    const fa = restored.rois[0].measured!.stats.find((s) => s.map === 'fa')!;
    expect(fa.mean).toBe(0.3);
    // The fields not edited still come back to the bit.
    expect(fa.sd).toBe(record.rois[0].measured!.stats.find((s) => s.map === 'fa')!.sd);
  });
});

describe('de-identified for the trial', () => {
  it('carries no identifier of the patient or study, and reads back with pseudonymous ids', () => {
    const { record, fits } = caseRecordOf(index);
    const model = buildExportModel(sessions(record), exportOptions('trial'));
    const { files } = resultObjects(index, record, fits, { ...options('trial'), deidentify: { salt: 'trial-key', dates: 'shift', include: [], model } });
    const subject = model.subjects[0].subject;
    expect(files.map((f) => f.name)).toEqual(['SEG_1', 'PM_FA', 'PM_MD', 'PM_AD', 'PM_RD', 'SR'].map((n) => sanitizeFileName(`${subject}_${model.subjects[0].studies[0].timepoint}_${n}.dcm`)));
    const study = index.patients[0].studies[0];
    const secrets = ['DEMO^STROKE', 'DEMO-001', '19580417', study.studyInstanceUID, study.series[0].seriesInstanceUID, study.series[0].frameOfReferenceUID!, 'ACC-DTI-0001', '20240312', 'roi-core'];
    for (const f of files) {
      const latin = Buffer.from(f.bytes).toString('latin1');
      for (const s of secrets) expect(latin.includes(s), `${f.name} holds ${s}`).toBe(false);
    }
    const read = readResults(files);
    expect(read.warnings).toEqual([]);
    // The study UID is the one the CSV provenance lists, and the ROI ids those of the provenance.
    const hashedStudy = model.subjects[0].studies[0].attributes.StudyInstanceUID;
    const restored = read.byStudy.get(hashedStudy)!;
    expect(restored.rois.map((r) => r.roi.id)).toEqual(model.subjects[0].studies[0].rois.map((r) => r.id).sort((a, b) => restored.rois.findIndex((x) => x.roi.id === a) - restored.rois.findIndex((x) => x.roi.id === b)));
    expect(restored.rois[1].roi.mirrorOf).toBe(restored.rois[0].roi.id);
    expect(restored.rois[0].key.seriesInstanceUID).toBe(model.subjects[0].studies[0].series[0].attributes.SeriesInstanceUID);
    // Work times are shifted by the subject's offset, as the CSV provenance shifts them.
    expect(restored.rois[0].measured!.measuredAt).not.toBe(record.rois[0].measured!.measuredAt);
    expect(restored.segmentations[0].labels).toEqual(record.segmentations[0].record.labels);
  });
});

describe('two studies of one patient on one day', () => {
  it('get numbered file names, and each reads back as its own study', () => {
    const { record, fits } = caseRecordOf(index);
    const [patient] = index.patients;
    const first = patient.studies[0];
    const second = { ...first, studyInstanceUID: `${first.studyInstanceUID}.2` };
    const twoStudies: DicomIndex = { ...index, patients: [{ ...patient, studies: [first, second] }] };
    const moved = <T extends { key: { studyInstanceUID: string } }>(x: T): T => ({ ...x, key: { ...x.key, studyInstanceUID: second.studyInstanceUID } });
    const both: CaseRecord = {
      rois: [...record.rois, ...record.rois.map(moved)],
      measurements: record.measurements,
      segmentations: [],
    };
    const { files } = resultObjects(twoStudies, both, fits, options('trial'));
    const names = files.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n.endsWith('_SR.dcm') || n.endsWith('_SR_2.dcm'))).toEqual(['DEMO-001_20240312_SR.dcm', 'DEMO-001_20240312_SR_2.dcm']);
    const read = readResults(files);
    expect([...read.byStudy.keys()].sort()).toEqual([first.studyInstanceUID, second.studyInstanceUID].sort());
    expect(read.byStudy.get(second.studyInstanceUID)!.rois.map((r) => r.roi.id)).toEqual(['roi-core', 'roi-mirror', 'roi-free']);
  });
});
