import { blandAltman, type BlandAltman } from './blandAltman';
import { crossTable } from './crossTable';
import { icc1 } from './icc1';
import { icc2 } from './icc2';
import { icc3 } from './icc3';
import { meanSquares } from './meanSquares';
import type { DroppedCase, MeasureTable } from './readsTable';
import { undefinedEstimate, type Estimate } from './types';
import { weightedKappa, type KappaWeighting } from './weightedKappa';

interface Common {
  measure: string;
  /** Complete cases (every reader read them): the n of every statistic below. */
  n: number;
  readers: string[];
  droppedCases: DroppedCase[];
}

/** ICCs over all readers; Bland–Altman of readers[0] − readers[1]. */
export interface ContinuousAgreement extends Common {
  kind: 'continuous';
  icc1: Estimate;
  icc2: Estimate;
  icc3: Estimate;
  blandAltman: BlandAltman;
}

/** Kappas of readers[0] against readers[1], categories in `levels` order. */
export interface CategoricalAgreement extends Common {
  kind: 'categorical';
  levels: string[];
  levelsGiven: boolean;
  /** See MeasureTable: the first non-number that made the measure categorical (null when levels were given). */
  firstLabel: { value: string; line: number } | null;
  /** Levels neither of the two readers used (kept: they still space the weighted kappas). */
  unusedLevels: string[];
  /** Counts: rows readers[0], columns readers[1], both in `levels` order. */
  table: number[][];
  kappa: Estimate;
  kappaLinear: Estimate;
  kappaQuadratic: Estimate;
}

export type MeasureAgreement = ContinuousAgreement | CategoricalAgreement;

/** Below 2 complete cases no agreement statistic is defined. */
function tooFew(n: number, what: string): Estimate {
  return undefinedEstimate(`${n} complete case${n === 1 ? '' : 's'}: ${what} needs at least 2`);
}

/** Every agreement statistic of one measure's complete table (see readsTables). */
export function measureAgreement(t: MeasureTable): MeasureAgreement {
  const n = t.cases.length;
  const common = { measure: t.measure, n, readers: t.readers, droppedCases: t.droppedCases };
  if (t.kind === 'continuous') {
    const blandAltmanAB = blandAltman(
      t.values.map((row) => row[0]),
      t.values.map((row) => row[1]),
    );
    const ms = n >= 2 ? meanSquares(t.values) : null;
    return {
      ...common,
      kind: 'continuous',
      icc1: ms ? icc1(ms) : tooFew(n, 'an ICC'),
      icc2: ms ? icc2(ms) : tooFew(n, 'an ICC'),
      icc3: ms ? icc3(ms) : tooFew(n, 'an ICC'),
      blandAltman: blandAltmanAB,
    };
  }
  const table = crossTable(
    t.values.map((row) => [row[0], row[1]] as const),
    t.levels,
  );
  const unusedLevels = t.levels.filter((_, i) => table[i].every((x) => x === 0) && table.every((row) => row[i] === 0));
  const kappa = (weighting: KappaWeighting) => (n >= 2 ? weightedKappa(table, weighting) : tooFew(n, 'kappa'));
  return {
    ...common,
    kind: 'categorical',
    levels: t.levels,
    levelsGiven: t.levelsGiven,
    firstLabel: t.firstLabel,
    unusedLevels,
    table,
    kappa: kappa('none'),
    kappaLinear: kappa('linear'),
    kappaQuadratic: kappa('quadratic'),
  };
}
