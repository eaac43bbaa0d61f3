/**
 * Counts of paired categorical reads: `table[i][j]` = cases that reader A put in `levels[i]` and
 * reader B in `levels[j]`. Levels are given in their order (which the weighted kappas use), so a
 * level nobody used is a zero row and column, not a missing one. Throws on a label outside `levels`.
 */
export function crossTable(pairs: readonly (readonly [string, string])[], levels: readonly string[]): number[][] {
  const index = new Map(levels.map((l, i) => [l, i]));
  if (index.size !== levels.length) throw new Error(`levels repeat a label: ${levels.join(', ')}`);
  const table = levels.map(() => levels.map(() => 0));
  for (const [a, b] of pairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) throw new Error(`label "${i === undefined ? a : b}" is not one of the levels ${levels.join(', ')}`);
    table[i][j]++;
  }
  return table;
}
