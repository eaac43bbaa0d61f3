/**
 * The fuzz runs' random seed: fresh for every run (so repeated runs explore new inputs), printed so
 * a failure reproduces by passing it back: `FUZZ_SEED=<n> npx vitest run tests/unit/fuzz`.
 */
export function fuzzSeed(file: string): number {
  const given = process.env.FUZZ_SEED;
  const seed = given !== undefined && given !== '' ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got ${given}`);
  console.log(`${file}: fuzz seed ${seed} (reproduce with FUZZ_SEED=${seed})`);
  return seed;
}
