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
  /** Complete cases (every reader read them): the n of every statistic below, pairwise ones included. */
  n: number;
  readers: string[];
  droppedCases: DroppedCase[];
}

/** Bland–Altman of readers[0] − readers[1]. */
export interface ContinuousPair {
  readers: [string, string];
  blandAltman: BlandAltman;
}

/** ICCs over all readers; Bland–Altman for every pair of readers. */
export interface ContinuousAgreement extends Common {
  kind: 'continuous';
  icc1: Estimate;
  icc2: Estimate;
  icc3: Estimate;
  /** Every pair (i < j) in reader order: pairs[0] is the first two readers. */
  pairs: ContinuousPair[];
}

/** Kappas of readers[0] against readers[1], categories in the measure's `levels` order. */
export interface CategoricalPair {
  readers: [string, string];
  /** Levels neither reader of the pair used (kept: they still space the weighted kappas). */
  unusedLevels: string[];
  /** Counts: rows readers[0], columns readers[1], both in `levels` order. */
  table: number[][];
  kappa: Estimate;
  kappaLinear: Estimate;
  kappaQuadratic: Estimate;
}

/** Kappas for every pair of readers. */
export interface CategoricalAgreement extends Common {
  kind: 'categorical';
  levels: string[];
  levelsGiven: boolean;
  /** See MeasureTable: the first non-number that made the measure categorical (null when levels were given). */
  firstLabel: { value: string; line: number } | null;
  /** Every pair (i < j) in reader order: pairs[0] is the first two readers. */
  pairs: CategoricalPair[];
}

export type MeasureAgreement = ContinuousAgreement | CategoricalAgreement;

/** Below 2 complete cases no agreement statistic is defined. */
function tooFew(n: number, what: string): Estimate {
  return undefinedEstimate(`${n} complete case${n === 1 ? '' : 's'}: ${what} needs at least 2`);
}

/** Reader index pairs (i, j), i < j, in reader order. */
function readerPairs(k: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) pairs.push([i, j]);
  return pairs;
}

/** Every agreement statistic of one measure's complete table (see readsTables). */
export function measureAgreement(t: MeasureTable): MeasureAgreement {
  const n = t.cases.length;
  const common = { measure: t.measure, n, readers: t.readers, droppedCases: t.droppedCases };
  const pairs = readerPairs(t.readers.length);
  if (t.kind === 'continuous') {
    const ms = n >= 2 ? meanSquares(t.values) : null;
    return {
      ...common,
      kind: 'continuous',
      icc1: ms ? icc1(ms) : tooFew(n, 'an ICC'),
      icc2: ms ? icc2(ms) : tooFew(n, 'an ICC'),
      icc3: ms ? icc3(ms) : tooFew(n, 'an ICC'),
      pairs: pairs.map(([i, j]) => ({
        readers: [t.readers[i], t.readers[j]],
        blandAltman: blandAltman(
          t.values.map((row) => row[i]),
          t.values.map((row) => row[j]),
        ),
      })),
    };
  }
  const categoricalPair = ([i, j]: [number, number]): CategoricalPair => {
    const table = crossTable(
      t.values.map((row) => [row[i], row[j]] as const),
      t.levels,
    );
    const kappa = (weighting: KappaWeighting) => (n >= 2 ? weightedKappa(table, weighting) : tooFew(n, 'kappa'));
    return {
      readers: [t.readers[i], t.readers[j]],
      unusedLevels: t.levels.filter((_, l) => table[l].every((x) => x === 0) && table.every((row) => row[l] === 0)),
      table,
      kappa: kappa('none'),
      kappaLinear: kappa('linear'),
      kappaQuadratic: kappa('quadratic'),
    };
  };
  return { ...common, kind: 'categorical', levels: t.levels, levelsGiven: t.levelsGiven, firstLabel: t.firstLabel, pairs: pairs.map(categoricalPair) };
}
