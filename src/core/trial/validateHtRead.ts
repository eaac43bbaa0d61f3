import { HEIDELBERG_CLASSES } from './heidelberg';
import type { HtRead } from './htRead';

/** A field of the read that is missing or inconsistent, with the sentence to show the reader. */
export interface HtReadProblem {
  field: keyof HtRead;
  message: string;
}

/**
 * Every required field not answered and every answer that contradicts another, in form order; an
 * empty list means the read is complete. Required: the Heidelberg class(es); symptomatic yes/no when
 * there is haemorrhage; infarct side, territory and lesion count (a whole number). Consistency:
 * 'none' stands alone; no infarct (side or territory 'none', or 0 lesions) goes with all three.
 */
export function validateHtRead(read: HtRead): HtReadProblem[] {
  const problems: HtReadProblem[] = [];
  const add = (field: keyof HtRead, message: string) => problems.push({ field, message });
  const classes = read.heidelberg;
  if (classes === null || classes.length === 0) add('heidelberg', 'Heidelberg class is required (choose "none" if there is no haemorrhage)');
  else if (classes.includes('none') && classes.length > 1) add('heidelberg', '"none" cannot be combined with a haemorrhage class');
  else if (new Set(classes).size !== classes.length) add('heidelberg', 'a Heidelberg class is listed twice');
  else if (classes.some((c) => !HEIDELBERG_CLASSES.some((k) => k.code === c))) add('heidelberg', `unknown Heidelberg class in ${classes.join(', ')}`);
  const bleeding = classes !== null && classes.some((c) => c !== 'none');
  if (bleeding && read.symptomatic === null) add('symptomatic', 'symptomatic yes/no is required when there is haemorrhage');
  if (!bleeding && read.symptomatic === true) add('symptomatic', 'symptomatic haemorrhage needs a haemorrhage class');
  if (read.side === null) add('side', 'infarct side is required (choose "none" if no infarct is visible)');
  if (read.territory === null) add('territory', 'arterial territory is required (choose "none" if no infarct is visible)');
  if (read.lesionCount === null) add('lesionCount', 'number of lesions is required (0 if no infarct is visible)');
  else if (!Number.isInteger(read.lesionCount) || read.lesionCount < 0) add('lesionCount', `number of lesions must be a whole number ≥ 0, not ${read.lesionCount}`);
  const noInfarct = [read.side === 'none', read.territory === 'none', read.lesionCount === 0];
  const answered = [read.side !== null, read.territory !== null, read.lesionCount !== null];
  if (noInfarct.some((x) => x) && noInfarct.some((x, i) => !x && answered[i])) {
    add('side', 'side, territory and number of lesions disagree on whether an infarct is visible');
  }
  return problems;
}
