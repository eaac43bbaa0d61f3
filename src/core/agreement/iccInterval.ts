import { fQuantile } from './quantiles';
import type { MeanSquares } from './meanSquares';

/**
 * True when a mean square is zero but for rounding: identical values 0.1 leave mean squares of
 * ~1e−34, not 0, and an F ratio over them would be meaningless. Rounding in a squared deviation is
 * of order (n·ε·|x|)², far below 1e−20 of the mean squared rating, and real variance far above it.
 */
export function negligible(x: number, ms: MeanSquares): boolean {
  return x <= 1e-20 * ms.scale;
}

/**
 * 95 % interval of an ICC of the form (MSR − MSD)/(MSR + (k − 1)MSD) from its F ratio F0 = MSR/MSD
 * with (df1, df2) degrees of freedom (Shrout & Fleiss 1979 for ICC(1,1) and ICC(3,1); McGraw & Wong
 * 1996, Table 7, cases 1 and 3): F_L = F0/F_{.975}(df1, df2), F_U = F0·F_{.975}(df2, df1),
 * bounds (F − 1)/(F + k − 1).
 */
export function fRatioInterval(f0: number, df1: number, df2: number, k: number): [number, number] {
  const fl = f0 / fQuantile(0.975, df1, df2);
  const fu = f0 * fQuantile(0.975, df2, df1);
  return [(fl - 1) / (fl + k - 1), (fu - 1) / (fu + k - 1)];
}
