import { describe, expect, it } from 'vitest';
import { measureAgreement } from '../../../src/core/agreement/measureAgreement';
import { readsTables, type Read } from '../../../src/core/agreement/readsTable';

/** Long reads from `case reader measure value` lines; line numbers as in a CSV with a header (first read = line 2). */
function reads(text: string): Read[] {
  return text
    .trim()
    .split('\n')
    .map((l, i) => {
      const [caseId, reader, measure, value = ''] = l.trim().split(/\s+/);
      return { caseId, reader, measure, value, line: i + 2 };
    });
}

describe('readsTables: long reads → one complete table per measure', () => {
  it('a case a reader did not read (no row, or an empty value) is dropped and reported; readers in order of appearance', () => {
    const tables = readsTables(
      reads(`
        c1 R2 vol 10
        c1 R1 vol 11
        c2 R1 vol 20
        c2 R2 vol 21
        c3 R1 vol 30
        c4 R1 vol 40
        c4 R2 vol
      `),
    );
    expect(tables).toHaveLength(1);
    const t = tables[0];
    expect(t.kind).toBe('continuous');
    expect(t.readers).toEqual(['R2', 'R1']);
    expect(t.cases).toEqual(['c1', 'c2']);
    expect(t.values).toEqual([
      [10, 11],
      [21, 20],
    ]);
    expect(t.droppedCases).toEqual([
      { caseId: 'c3', missingReaders: ['R2'] },
      { caseId: 'c4', missingReaders: ['R2'] },
    ]);
  });

  it('a measure is categorical when any value is not a number; labels sorted with numbers in numeric order', () => {
    const [t] = readsTables(reads('a R1 ht 2\na R2 ht 1a\nb R1 ht 10\nb R2 ht 3b\nc R1 ht 1b\nc R2 ht 1b'));
    expect(t.kind).toBe('categorical');
    if (t.kind !== 'categorical') return;
    expect(t.levels).toEqual(['1a', '1b', '2', '3b', '10']);
    expect(t.levelsGiven).toBe(false);
    expect(t.firstLabel).toEqual({ value: '1a', line: 3 });
    expect(t.values[0]).toEqual(['2', '1a']);
  });

  it('given levels order the categories and make a numeric grade categorical; a label outside them names its line', () => {
    const levels = new Map([['mrs', ['0', '1', '2', '3', '4', '5', '6']]]);
    const [t] = readsTables(reads('a R1 mrs 2\na R2 mrs 3\nb R1 mrs 0\nb R2 mrs 0'), levels);
    expect(t.kind).toBe('categorical');
    if (t.kind === 'categorical') expect(t.levels).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    if (t.kind === 'categorical') expect(t.firstLabel).toBeNull();
    expect(() => readsTables(reads('a R1 mrs 2\na R2 mrs 7'), levels)).toThrow(expect.objectContaining({ line: 3, message: expect.stringMatching(/"7" is not one of the given levels 0, 1, 2/) }));
  });

  it('a value read twice, or a measure with one reader, is refused with a clear message', () => {
    expect(() => readsTables(reads('a R1 v 1\na R2 v 1\na R1 v 2'))).toThrow(
      expect.objectContaining({ line: 4, message: 'case "a", reader "R1", measure "v" is read twice (lines 2 and 4)' }),
    );
    expect(() => readsTables(reads('a R1 v 1\nb R1 v 2'))).toThrow('measure "v" has one reader only (R1): agreement needs at least two');
  });

  it('"1,5" or "0x10" are labels, not numbers', () => {
    expect(readsTables(reads('a R1 v 1,5\na R2 v 2'))[0].kind).toBe('categorical');
    expect(readsTables(reads('a R1 v 0x10\na R2 v 2'))[0].kind).toBe('categorical');
    expect(readsTables(reads('a R1 v -1.5e2\na R2 v .5'))[0].kind).toBe('continuous');
  });
});

describe('measureAgreement', () => {
  it('continuous: the Shrout & Fleiss table read as long reads gives its ICCs, Bland–Altman of the first two readers', () => {
    const sf = [
      [9, 2, 5, 8],
      [6, 1, 3, 2],
      [8, 4, 6, 8],
      [7, 1, 2, 6],
      [10, 5, 6, 9],
      [6, 2, 4, 7],
    ];
    const long: Read[] = sf.flatMap((row, i) => row.map((v, j) => ({ caseId: `t${i + 1}`, reader: `J${j + 1}`, measure: 'score', value: String(v), line: 2 + i * 4 + j })));
    const r = measureAgreement(readsTables(long)[0]);
    if (r.kind !== 'continuous') throw new Error('expected continuous');
    expect(r.n).toBe(6);
    expect(r.icc1.value).toBeCloseTo(0.1657, 4);
    expect(r.icc2.value).toBeCloseTo(0.2898, 4);
    expect(r.icc3.value).toBeCloseTo(0.7148, 4);
    // Bland–Altman for each of the 6 pairs, in reader order. J1 − J2 = 7 5 4 6 5 4: bias 31/6; J3 − J4 = −3 1 −2 −4 −3 −3: bias −14/6.
    expect(r.pairs.map((p) => p.readers.join('−'))).toEqual(['J1−J2', 'J1−J3', 'J1−J4', 'J2−J3', 'J2−J4', 'J3−J4']);
    expect(r.pairs[0].blandAltman.bias.value).toBeCloseTo(31 / 6, 12);
    expect(r.pairs[5].blandAltman.bias.value).toBeCloseTo(-14 / 6, 12);
    expect(r.pairs.every((p) => p.blandAltman.n === 6)).toBe(true);
  });

  it('categorical: kappas of the first two readers, unused levels listed', () => {
    const r = measureAgreement(
      readsTables(reads('a R1 g none\na R2 g none\nb R1 g PH1\nb R2 g PH2\nc R1 g PH2\nc R2 g PH2\nd R1 g none\nd R2 g PH1'), new Map([['g', ['none', 'HI1', 'PH1', 'PH2']]]))[0],
    );
    if (r.kind !== 'categorical') throw new Error('expected categorical');
    expect(r.n).toBe(4);
    expect(r.pairs).toHaveLength(1);
    const p = r.pairs[0];
    expect(p.readers).toEqual(['R1', 'R2']);
    expect(p.unusedLevels).toEqual(['HI1']);
    expect(p.table).toEqual([
      [1, 0, 1, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 1],
      [0, 0, 0, 1],
    ]);
    // po = 2/4; rows (R1) 2,0,1,1; columns (R2) 1,0,1,2 → pe = (2·1 + 1·1 + 1·2)/16 = 5/16; κ = (8/16 − 5/16)/(11/16) = 3/11.
    expect(p.kappa.value).toBeCloseTo(3 / 11, 12);
    expect(p.kappaLinear.value).not.toBeNull();
  });

  it('fewer than 2 complete cases: every statistic null with a reason, the dropped cases listed', () => {
    const r = measureAgreement(readsTables(reads('a R1 v 1\na R2 v 2\nb R1 v 3'))[0]);
    if (r.kind !== 'continuous') throw new Error('expected continuous');
    expect(r.n).toBe(1);
    expect(r.icc2).toEqual({ value: null, ci95: null, reason: '1 complete case: an ICC needs at least 2' });
    expect(r.droppedCases).toEqual([{ caseId: 'b', missingReaders: ['R2'] }]);
    const g = measureAgreement(readsTables(reads('a R1 g x\na R2 g y'))[0]);
    if (g.kind !== 'categorical') throw new Error('expected categorical');
    expect(g.pairs[0].kappaQuadratic.reason).toBe('1 complete case: kappa needs at least 2');
  });
});
