import { Z975 } from './quantiles';
import { undefinedEstimate, type Estimate } from './types';

/**
 * Agreement weights w_ij for c ordered categories (1 on the diagonal):
 *   none       w = [i = j]                       → Cohen's kappa (1960)
 *   linear     w = 1 − |i − j|/(c − 1)           → Cicchetti–Allison weights
 *   quadratic  w = 1 − (i − j)²/(c − 1)²         → Fleiss–Cohen weights (≈ ICC for large n)
 */
export type KappaWeighting = 'none' | 'linear' | 'quadratic';

function weight(i: number, j: number, c: number, weighting: KappaWeighting): number {
  if (i === j) return 1;
  if (weighting === 'none') return 0;
  const d = Math.abs(i - j) / (c - 1);
  return weighting === 'linear' ? 1 - d : 1 - d * d;
}

/**
 * Cohen's kappa, unweighted or weighted (Cohen 1968), of a c × c table of counts (rows reader A,
 * columns reader B, categories in their order), with the 95 % interval κ ± z·SE from the large-sample
 * (non-null) variance of Fleiss, Cohen & Everitt (1969):
 *   Var(κ) = [Σ p_ij (w_ij − (w̄_i· + w̄_·j)(1 − κ))² − (κ − p_e(1 − κ))²] / (N (1 − p_e)²)
 * where w̄_i· = Σ_j p_·j w_ij and w̄_·j = Σ_i p_i· w_ij, the interval cut to kappa's range [−1, 1]
 * (the Wald interval can overrun it near perfect agreement). Unitless; 1 is perfect agreement, 0 chance.
 * Undefined (null with a reason) for no cases, or when chance agreement p_e is 1 (both readers put
 * every case in one and the same category).
 */
export function weightedKappa(table: readonly (readonly number[])[], weighting: KappaWeighting): Estimate {
  const c = table.length;
  const total = table.reduce((a, row) => a + row.reduce((b, x) => b + x, 0), 0);
  if (total === 0) return undefinedEstimate('no cases');
  const p = table.map((row) => row.map((x) => x / total));
  const rowP = p.map((row) => row.reduce((a, x) => a + x, 0));
  const colP = Array.from({ length: c }, (_, j) => p.reduce((a, row) => a + row[j], 0));
  const w = (i: number, j: number) => weight(i, j, c, weighting);
  let po = 0;
  let pe = 0;
  for (let i = 0; i < c; i++) {
    for (let j = 0; j < c; j++) {
      po += w(i, j) * p[i][j];
      pe += w(i, j) * rowP[i] * colP[j];
    }
  }
  if (pe >= 1 - 1e-12) return undefinedEstimate('chance agreement is 1 (every read in one and the same category): kappa undefined');
  const kappa = (po - pe) / (1 - pe);
  const wRow = Array.from({ length: c }, (_, i) => colP.reduce((a, pj, j) => a + pj * w(i, j), 0));
  const wCol = Array.from({ length: c }, (_, j) => rowP.reduce((a, pi, i) => a + pi * w(i, j), 0));
  let sum = 0;
  for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) sum += p[i][j] * (w(i, j) - (wRow[i] + wCol[j]) * (1 - kappa)) ** 2;
  // Clamped at 0: with perfect agreement the bracket is 0 but for rounding.
  const variance = Math.max(0, sum - (kappa - pe * (1 - kappa)) ** 2) / (total * (1 - pe) ** 2);
  const se = Math.sqrt(variance);
  return { value: kappa, ci95: [Math.max(-1, kappa - Z975 * se), Math.min(1, kappa + Z975 * se)] };
}
