import { ecassEquivalent, HEIDELBERG_ORDINAL_CODES, type HeidelbergCode } from '../trial/heidelberg';
import { ARTERIAL_TERRITORIES, INFARCT_SIDES, type HtRead } from '../trial/htRead';
import { heidelbergLabel } from './readDifferences';

/**
 * The answers of a complete read as the measures inter-reader agreement is computed on, each a
 * category label or a number written as text (the long `case,reader,measure,value` form of
 * src/core/agreement). `ht_grade` is the within-infarct Heidelberg grade (none < 1a < 1b < 1c < 2,
 * the scale the weighted kappas are meaningful on): the highest one the read lists, 'none' when it
 * lists class 3 bleeding only; `ht_classes` is every class listed, as one nominal label.
 */
export const READ_MEASURES = ['ht_grade', 'ht_classes', 'symptomatic', 'side', 'territory', 'lesion_count'] as const;
export type ReadMeasure = (typeof READ_MEASURES)[number];

/** Category orders for the weighted kappas (a measure not listed is ordered by its labels). */
export const READ_LEVELS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['ht_grade', HEIDELBERG_ORDINAL_CODES],
  ['symptomatic', ['no', 'yes']],
  ['side', INFARCT_SIDES],
  ['territory', ARTERIAL_TERRITORIES],
]);

/** The within-infarct grade of the classes read (see READ_MEASURES). */
export function withinInfarctGrade(classes: readonly HeidelbergCode[]): HeidelbergCode {
  let grade = 0;
  for (const c of classes) grade = Math.max(grade, HEIDELBERG_ORDINAL_CODES.indexOf(c));
  return HEIDELBERG_ORDINAL_CODES[grade];
}

/** ECASS grades of the classes read, e.g. 'PH1' or 'PH1+PHr'; 3b–3d have none and are left out. */
export function ecassLabel(classes: readonly HeidelbergCode[]): string {
  return [...new Set(classes.map(ecassEquivalent).filter((e) => e !== null))].join('+');
}

/** The value of every measure for one complete read; symptomatic is 'no' when there is no haemorrhage. */
export function readMeasureValues(read: HtRead): Record<ReadMeasure, string> {
  const classes = read.heidelberg ?? [];
  return {
    ht_grade: withinInfarctGrade(classes),
    ht_classes: heidelbergLabel(classes),
    symptomatic: read.symptomatic ? 'yes' : 'no',
    side: read.side ?? '',
    territory: read.territory ?? '',
    lesion_count: read.lesionCount === null ? '' : String(read.lesionCount),
  };
}
