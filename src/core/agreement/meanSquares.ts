/**
 * Mean squares of the two-way ANOVA of an n cases × k readers table without replication
 * (Shrout & Fleiss 1979, Table 1), in the squared unit of the ratings.
 */
export interface MeanSquares {
  /** Cases (targets) n and readers (judges) k. */
  n: number;
  k: number;
  /** Between cases (S&F's BMS), df n − 1. */
  rows: number;
  /** Within cases (WMS: readers + residual pooled, the one-way model), df n(k − 1). */
  within: number;
  /** Between readers (JMS), df k − 1. */
  columns: number;
  /** Residual (EMS), df (n − 1)(k − 1). */
  error: number;
  /** Mean of the squared ratings: the scale against which a mean square counts as zero (see negligible). */
  scale: number;
}

/**
 * Two-way ANOVA mean squares of `ratings[case][reader]`, a complete table (every reader rated every
 * case; the caller drops incomplete cases) of at least 2 cases × 2 readers of finite numbers.
 * Throws otherwise: a ragged or short table is a programming error here, not a data outcome.
 */
export function meanSquares(ratings: readonly (readonly number[])[]): MeanSquares {
  const n = ratings.length;
  const k = n > 0 ? ratings[0].length : 0;
  if (n < 2 || k < 2) throw new Error(`ANOVA needs at least 2 cases × 2 readers, got ${n} × ${k}`);
  for (const row of ratings) {
    if (row.length !== k) throw new Error(`ANOVA needs a complete table: a case has ${row.length} ratings, not ${k}`);
    for (const x of row) if (!Number.isFinite(x)) throw new Error(`ANOVA needs finite ratings, got ${x}`);
  }
  let sum = 0;
  for (const row of ratings) for (const x of row) sum += x;
  const grand = sum / (n * k);
  const rowMeans = ratings.map((row) => row.reduce((a, b) => a + b, 0) / k);
  const colMeans = Array.from({ length: k }, (_, j) => ratings.reduce((a, row) => a + row[j], 0) / n);
  // Each sum of squares from its own deviations (not by subtracting totals), so a residual that is
  // zero stays (close to) zero whatever the offset of the ratings.
  let ssWithin = 0;
  let ssError = 0;
  ratings.forEach((row, i) =>
    row.forEach((x, j) => {
      ssWithin += (x - rowMeans[i]) ** 2;
      ssError += (x - rowMeans[i] - colMeans[j] + grand) ** 2;
    }),
  );
  const ssRows = k * rowMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  const ssCols = n * colMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  return {
    n,
    k,
    rows: ssRows / (n - 1),
    within: ssWithin / (n * (k - 1)),
    columns: ssCols / (k - 1),
    error: ssError / ((n - 1) * (k - 1)),
    scale: ratings.reduce((a, row) => a + row.reduce((b, x) => b + x * x, 0), 0) / (n * k),
  };
}
