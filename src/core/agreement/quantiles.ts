import jStat from 'jstat';

/**
 * Distribution quantiles for the confidence intervals, from jStat (regularised incomplete beta
 * and its inverse). Degrees of freedom may be fractional (Satterthwaite's for ICC(2,1)).
 */

/** Standard normal 0.975 quantile: the z of every large-sample 95 % interval here. */
export const Z975 = 1.959963984540054;

/**
 * Quantile of Snedecor's F distribution with (df1, df2) degrees of freedom: P(F ≤ q) = p, for
 * 0 < p < 1. Found by bisection on the upper tail P(F > x) = I_z(df2/2, df1/2), z = df2/(df2 + df1·x)
 * (regularised incomplete beta), over log z: unlike jStat's Newton inversion this stays exact for
 * the fractional df ≪ 1 that Satterthwaite's approximation gives a negative ICC(2,1), where the
 * quantile can exceed 1e15 (and z underflows the other form's 1 − z).
 */
export function fQuantile(p: number, df1: number, df2: number): number {
  const tail = 1 - p;
  let lo = -745; // log z: z = e^−745 is the smallest double, an F beyond 1e300
  let hi = 0;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (jStat.ibeta(Math.exp(mid), df2 / 2, df1 / 2) < tail) lo = mid;
    else hi = mid;
  }
  const z = Math.exp((lo + hi) / 2);
  return (df2 * (1 - z)) / (df1 * z);
}

/** Quantile of Student's t distribution with df degrees of freedom: P(T ≤ q) = p. */
export function tQuantile(p: number, df: number): number {
  return jStat.studentt.inv(p, df);
}
