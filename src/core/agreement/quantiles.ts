import jStat from 'jstat';

/**
 * Distribution quantiles for the confidence intervals, from jStat (regularised incomplete beta
 * and its inverse). Degrees of freedom may be fractional (Satterthwaite's for ICC(2,1)).
 */

/** Standard normal 0.975 quantile: the z of every large-sample 95 % interval here. */
export const Z975 = 1.959963984540054;

/** Quantile of Snedecor's F distribution with (df1, df2) degrees of freedom: P(F ≤ q) = p. */
export function fQuantile(p: number, df1: number, df2: number): number {
  return jStat.centralF.inv(p, df1, df2);
}

/** Quantile of Student's t distribution with df degrees of freedom: P(T ≤ q) = p. */
export function tQuantile(p: number, df: number): number {
  return jStat.studentt.inv(p, df);
}
