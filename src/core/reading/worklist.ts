import type { MeasurementRecord, ReadInput } from '../store/records';
import { caseState, type CaseState, type ContinuousMeasure } from './caseState';
import { caseCodes, seededOrder } from './seededOrder';

/** One case of the worklist, in the seeded reading order. */
export interface WorklistCase {
  studyInstanceUID: string;
  code: string;
  state: CaseState;
}

/**
 * ABC/2 volume (mL) of a case per reader: the last ABC/2 record each reader signed in the study
 * (updatedBy, latest updatedAt), so two readers measuring the same case can be compared.
 */
export function abc2ByReader(measurements: readonly MeasurementRecord[], studyUID: string): Map<string, number> {
  const latest = new Map<string, MeasurementRecord>();
  for (const m of measurements) {
    if (m.payload.kind !== 'abc2' || m.key.studyInstanceUID !== studyUID) continue;
    const before = latest.get(m.updatedBy);
    if (!before || m.updatedAt > before.updatedAt) latest.set(m.updatedBy, m);
  }
  return new Map([...latest].map(([reader, m]) => [reader, m.payload.kind === 'abc2' ? m.payload.volumeMl : NaN]));
}

/** The continuous measures a case is compared on: its ABC/2 volume per reader, within `abc2ToleranceMl`. */
export function caseMeasures(measurements: readonly MeasurementRecord[], studyUID: string, abc2ToleranceMl: number): ContinuousMeasure[] {
  return [{ measure: 'abc2_ml', tolerance: abc2ToleranceMl, byReader: abc2ByReader(measurements, studyUID) }];
}

/** Every case (study) in the seed's reading order with its code and its state for `reader`. */
export function worklistCases(
  studyUIDs: readonly string[],
  reads: readonly ReadInput[],
  seed: string,
  reader: string,
  measures: (studyUID: string) => ContinuousMeasure[] = () => [],
): WorklistCase[] {
  const codes = caseCodes(studyUIDs, seed);
  return seededOrder(studyUIDs, seed).map((uid) => ({
    studyInstanceUID: uid,
    code: codes.get(uid)!,
    state: caseState(
      reads.filter((r) => r.key.studyInstanceUID === uid),
      reader,
      measures(uid),
    ),
  }));
}
