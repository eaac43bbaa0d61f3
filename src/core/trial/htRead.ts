import type { HeidelbergCode } from './heidelberg.js';

/** Side of the acute infarct; 'none' when no infarct is visible. */
export const INFARCT_SIDES = ['left', 'right', 'bilateral', 'none'] as const;
export type InfarctSide = (typeof INFARCT_SIDES)[number];

/**
 * Arterial territory of the acute infarct: anterior, middle or posterior cerebral artery, anterior
 * choroidal artery, vertebrobasilar (brainstem, cerebellum), border zone, more than one territory,
 * or 'none' when no infarct is visible.
 */
export const ARTERIAL_TERRITORIES = ['ACA', 'MCA', 'PCA', 'AChA', 'vertebrobasilar', 'borderzone', 'multiple', 'none'] as const;
export type ArterialTerritory = (typeof ARTERIAL_TERRITORIES)[number];

/**
 * One reader's structured read of one case (subject × timepoint). Unanswered fields are null (an
 * empty form is all null), so the validator can tell "not yet answered" from an answer.
 */
export interface HtRead {
  /**
   * Heidelberg classes seen: ['none'], or every kind of haemorrhage present (e.g. ['1c', '3b'] for a
   * PH1 with intraventricular extension), as the classification asks each type to be recorded.
   */
  heidelberg: HeidelbergCode[] | null;
  /** Symptomatic haemorrhage (the clinical definition of the trial protocol); asked only when there is haemorrhage. */
  symptomatic: boolean | null;
  side: InfarctSide | null;
  territory: ArterialTerritory | null;
  /** Number of separate acute ischaemic lesions (0 when none is visible). */
  lesionCount: number | null;
  /** Free text; may hold identifiers, so exports de-identify it. */
  comment: string;
}

/** A read nothing has been entered into. */
export function emptyHtRead(): HtRead {
  return { heidelberg: null, symptomatic: null, side: null, territory: null, lesionCount: null, comment: '' };
}
