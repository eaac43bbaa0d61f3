// First: wraps the allocators before fflate is loaded (see allocationProbe).
import './allocationProbe';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasSharedDicom, sharedDicomSkipMessage } from '../../helpers/sharedData';
import { keepFinding, runPipeline } from './harness';
import { fuzzSeed } from './fuzzSeed';
import { applyMutation, delimiterOffsets, marksOf, mutationArb } from './mutations';
import { generatedSeeds, realSeeds, type Seed, seedFile } from './seeds';

/**
 * Random structure-aware corruption (lengths, VRs, delimiters, pixel module, element values, byte noise) of every
 * seed: header parsing, indexing and pixel decoding may only succeed or fail with a DicomError
 * naming the file, within the deadline, inside the file's bytes and the allocation cap.
 * Seeded by a fresh seed per run, printed (FUZZ_SEED reproduces it); the failing input is also kept under the OS temp dir.
 */
/** Runs per seed scale by FUZZ_SCALE (default 1) for a deeper hunt; the run's seed is printed (see fuzzSeed). */
const scale = Number(process.env.FUZZ_SCALE ?? 1);
const runSeed = fuzzSeed('mutation.test');

/** `fcSeed`: this seed file's offset from the run's seed. */
async function fuzzFile(seed: Seed, numRuns: number, fcSeed: number): Promise<void> {
  const marks = marksOf(seed);
  const delimiters = delimiterOffsets(seed);
  await fc.assert(
    // One to three mutations per input: single faults, and faults that only bite together.
    fc.asyncProperty(fc.array(mutationArb(seed, marks, delimiters), { minLength: 1, maxLength: 3 }), async (mutations) => {
      const body = mutations.reduce((b, m) => applyMutation(seed, marks, m, b), seed.body);
      const bytes = seedFile(seed, body);
      const report = await runPipeline(seed.name, bytes);
      if (report.breaches.length > 0) {
        const kept = keepFinding(`${seed.name}-${mutations.map((m) => m.kind).join('+')}`, bytes);
        throw new Error(`${report.breaches.join('; ')}\nmutations ${JSON.stringify(mutations)}\ninput kept at ${kept}`);
      }
    }),
    { numRuns: Math.round(numRuns * scale), seed: (runSeed + fcSeed) | 0, endOnFailure: true },
  );
}

describe('mutation fuzzing', () => {
  it.each(generatedSeeds().map((s, i) => [s.name, s, i] as const))('%s survives 400 mutations', async (_name, seed, i) => {
    await fuzzFile(seed, 400, i);
  });

  describe.skipIf(!hasSharedDicom)(`real seeds (${hasSharedDicom ? 'shared data present' : sharedDicomSkipMessage})`, () => {
    it.each(realSeeds().map((s, i) => [s.name, s, i] as const))('%s survives 150 mutations', async (_name, seed, i) => {
      await fuzzFile(seed, 150, 1000 + i);
    });
  });

  it('pixel mutations write the intended values (rows as US, frames as IS text)', () => {
    const seed = generatedSeeds()[0];
    const marks = marksOf(seed);
    const rows = applyMutation(seed, marks, { kind: 'pixel', tag: 'x00280010', value: 60000 });
    const at = marks.find((m) => m.tag === 'x00280010')!.valueOffset;
    expect(new DataView(rows.buffer).getUint16(at, true)).toBe(60000);
    const frames = applyMutation(generatedSeeds()[4], marksOf(generatedSeeds()[4]), { kind: 'pixel', tag: 'x00280008', value: 7 });
    expect(new TextDecoder().decode(frames)).toContain('7 ');
  });
});
