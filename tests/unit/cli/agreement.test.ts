import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { levelsFromArgv, runAgreement } from '../../../src/cli/agreement';

const tmp = mkdtempSync(join(tmpdir(), 'cli-agreement-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function csv(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

// Shrout & Fleiss (1979) Table 2 as reads of measure "score" by judges J1–J4, plus the SAS skin-condition
// table (see tests/unit/agreement/kappa.test.ts) as reads of measure "skin" by D1 and D2 (88 patients).
const shroutFleiss = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
];
const skinLevels = ['terrible', 'poor', 'marginal', 'clear'];
const skin = [
  [10, 4, 1, 0],
  [5, 10, 12, 2],
  [2, 4, 12, 5],
  [0, 2, 6, 13],
];
function publishedExamplesCsv(): string {
  const lines = ['case,reader,measure,value'];
  shroutFleiss.forEach((row, i) => row.forEach((v, j) => lines.push(`t${i + 1},J${j + 1},score,${v}`)));
  let patient = 0;
  skin.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++) {
        patient++;
        lines.push(`p${patient},D1,skin,${skinLevels[i]}`, `p${patient},D2,skin,${skinLevels[j]}`);
      }
    }),
  );
  return `${lines.join('\n')}\n`;
}

describe('agreement command', () => {
  const file = csv('reads.csv', publishedExamplesCsv());

  it('--json: per measure n, ICCs with intervals and Bland–Altman; kappas with intervals', () => {
    const json = JSON.parse(runAgreement(file, { json: true, levels: new Map([['skin', skinLevels]]) }));
    expect(Object.keys(json)).toEqual(['score', 'skin']);
    const score = json.score;
    expect(score.n).toBe(6);
    expect(score.icc1.value).toBeCloseTo(0.1657, 4);
    expect(score.icc1.ci95[0]).toBeCloseTo(-0.133, 3);
    expect(score.icc2.value).toBeCloseTo(0.2898, 4);
    expect(score.icc2.ci95[0]).toBeCloseTo(0.019, 3);
    expect(score.icc3.value).toBeCloseTo(0.7148, 4);
    expect(score.icc3.ci95[1]).toBeCloseTo(0.946, 3);
    // By hand: J1 − J2 = 7 5 4 6 5 4, bias 31/6, Σ(d − 31/6)² = 41/6, SD = √(41/30).
    expect(score.blandAltman.readers).toEqual(['J1', 'J2']);
    expect(score.blandAltman.bias).toBeCloseTo(31 / 6, 12);
    expect(score.blandAltman.loaLow).toBeCloseTo(31 / 6 - 1.96 * Math.sqrt(41 / 30), 10);
    expect(score.blandAltman.loaHigh).toBeCloseTo(31 / 6 + 1.96 * Math.sqrt(41 / 30), 10);
    // More than two readers: every pair too, the first being the one above.
    expect(score.pairs).toHaveLength(6);
    expect(score.pairs[0]).toEqual(score.blandAltman);
    expect(score.pairs[5].readers).toEqual(['J3', 'J4']);
    expect(score.pairs[5].bias).toBeCloseTo(-14 / 6, 12);
    const s = json.skin;
    expect(s.n).toBe(88);
    expect(s.kind).toBe('categorical');
    expect(s.table).toEqual(skin);
    expect(s.kappa.value).toBeCloseTo(0.3449, 4);
    expect(s.kappa.ci95[0]).toBeCloseTo(0.203, 3);
    expect(s.kappa.ci95[1]).toBeCloseTo(0.4868, 4);
    expect(s.kappaLinear.value).toBeCloseTo(0.5082, 4); // by hand: (71⅓/88 − 4762/7744)/(1 − 4762/7744)
    expect(typeof s.kappaQuadratic.value).toBe('number');
    expect(s.pairs).toBeUndefined();
    expect(s.kappaQuadratic.ci95).toHaveLength(2);
  });

  it('text: a table with every statistic, and notes on level order', () => {
    const text = runAgreement(file, { json: false });
    expect(text).toMatch(/^.*reads\.csv: 2 measures$/m);
    expect(text).toMatch(/^score\s+continuous\s+6\s+ICC\(1,1\)\s+0\.166\s+-0\.133 to 0\.723$/m);
    expect(text).toMatch(/^\s+ICC\(2,1\)\s+0\.290\s+0\.019 to 0\.761$/m);
    expect(text).toMatch(/^\s+bias J1 − J2\s+5\.167\s/m);
    expect(text).toMatch(/^skin\s+categorical\s+88\s+kappa D1 vs D2\s+0\.345\s+0\.203 to 0\.487$/m);
    // Without --levels the labels are sorted, and the user is told so.
    expect(text).toContain('skin: levels clear < marginal < poor < terrible (sorted; give --levels skin=… to set the order the weighted kappas use)');
    expect(text).toContain('score: ICCs over all 4 readers (J1, J2, J3, J4)');
    expect(text).toMatch(/^\s+bias J3 − J4\s+-2\.333\s/m);
  });

  it('a case one reader missed is left out and said so; a level never used is listed', () => {
    const f = csv('missing.csv', 'case,reader,measure,value\na,R1,ht,none\na,R2,ht,PH1\nb,R1,ht,none\nb,R2,ht,none\nc,R1,ht,PH2\nc,R2,ht,PH2\nd,R1,ht,PH1\n');
    const json = JSON.parse(runAgreement(f, { json: true, levels: new Map([['ht', ['none', 'HI1', 'PH1', 'PH2']]]) }));
    expect(json.ht.n).toBe(3);
    expect(json.ht.droppedCases).toEqual([{ caseId: 'd', missingReaders: ['R2'] }]);
    expect(json.ht.unusedLevels).toEqual(['HI1']);
    const text = runAgreement(f, { json: false });
    expect(text).toContain('ht: case d left out (no value from R2)');
    // Sorted, not given, but with 3 levels the order matters: the user is told.
    expect(text).toContain('ht: levels none < PH1 < PH2 (sorted; give --levels ht=… to set the order the weighted kappas use)');
    // With 2 levels every weighting agrees, so no such note.
    const two = csv('two.csv', 'case,reader,measure,value\na,R1,sym,yes\na,R2,sym,no\nb,R1,sym,no\nb,R2,sym,no\n');
    expect(runAgreement(two, { json: false })).toMatch(/^sym: levels no < yes$/m);
    // One decimal comma among volumes makes them labels: the note names the value and its line.
    const comma = csv('comma.csv', 'case,reader,measure,value\na,R1,vol,12.5\na,R2,vol,"12,9"\nb,R1,vol,30\nb,R2,vol,31\n');
    expect(runAgreement(comma, { json: false })).toContain('vol: read as categories because of "12,9" on line 3, though other values are numbers; correct it if it is a number');
    expect(runAgreement(f, { json: false })).not.toContain('read as categories');
  });

  it('all values equal: ICCs are null with the reason, in JSON and text', () => {
    const f = csv('equal.csv', 'case,reader,measure,value\na,R1,v,3\na,R2,v,3\nb,R1,v,3\nb,R2,v,3\n');
    const json = JSON.parse(runAgreement(f, { json: true }));
    expect(json.v.icc1).toEqual({ value: null, ci95: null, reason: 'all values are equal: no variance between or within cases' });
    expect(runAgreement(f, { json: false })).toMatch(/^v\s+continuous\s+2\s+ICC\(1,1\)\s+—\s+—$/m);
  });

  it('bad input: a clear message naming the file and line', () => {
    const err = (name: string, text: string, levels?: Map<string, string[]>) => {
      const f = csv(name, text);
      try {
        runAgreement(f, { json: true, levels });
      } catch (e) {
        return (e as Error).message.replace(tmp + '/', '');
      }
      throw new Error('expected an error');
    };
    expect(err('empty.csv', '')).toBe('empty.csv: empty file; expected a header line case,reader,measure,value and one read per line');
    expect(err('header.csv', 'case,reader,measure,value\n')).toBe('header.csv: no reads after the header');
    expect(err('nocol.csv', 'case,rater,measure,value\na,R1,v,1\n')).toBe('nocol.csv line 1: missing column reader; the header has case, rater, measure, value');
    expect(err('semi.csv', 'case;reader;measure;value\na;R1;v;1\n')).toMatch(/^semi\.csv line 1: missing columns case, reader, measure, value; .*separated by ";"/);
    expect(err('short.csv', 'case,reader,measure,value\na,R1,v,1\nb,R1,v\n')).toBe('short.csv: Invalid Record Length: expect 4, got 3 on line 3');
    expect(err('one.csv', 'case,reader,measure,value\na,R1,v,1\nb,R1,v,2\n')).toBe('one.csv: measure "v" has one reader only (R1): agreement needs at least two');
    expect(err('twice.csv', 'case,reader,measure,value\na,R1,v,1\na,R2,v,1\na,R1,v,2\n')).toBe('twice.csv line 4: case "a", reader "R1", measure "v" is read twice (lines 2 and 4)');
    expect(err('blank.csv', 'case,reader,measure,value\na,,v,1\n')).toBe('blank.csv line 2: empty reader');
    expect(err('level.csv', 'case,reader,measure,value\na,R1,g,x\na,R2,g,z\n', new Map([['g', ['x', 'y']]]))).toBe('level.csv line 3: measure "g": "z" is not one of the given levels x, y');
    expect(err('unknown.csv', 'case,reader,measure,value\na,R1,g,x\na,R2,g,y\n', new Map([['grade', ['x', 'y']]]))).toBe('--levels names measure "grade", which unknown.csv does not have (it has g)');
    expect(() => runAgreement(join(tmp, 'absent.csv'), { json: true })).toThrow(/^cannot read .*absent\.csv: ENOENT/);
  });

  it('--levels may repeat, one measure each; a malformed or repeated one is refused', () => {
    expect(levelsFromArgv(['r.csv', '--levels', 'ht=none, 1a,1b', '--json', '--levels', 'mrs=0,1,2'])).toEqual(
      new Map([
        ['ht', ['none', '1a', '1b']],
        ['mrs', ['0', '1', '2']],
      ]),
    );
    expect(() => levelsFromArgv(['--levels', 'ht'])).toThrow('--levels expects measure=a,b,c (labels in order, comma-separated), got "ht"');
    expect(() => levelsFromArgv(['--levels', 'ht=a,,b'])).toThrow(/expects measure=a,b,c/);
    expect(() => levelsFromArgv(['--levels', 'ht=a,b,a'])).toThrow('--levels ht: a label is given twice (a,b,a)');
    expect(() => levelsFromArgv(['--levels', 'ht=a,b', '--levels', 'ht=b,a'])).toThrow('--levels ht is given twice');
  });

  it('npm run cli -- agreement: the bundled command prints JSON, and exits non-zero with the message on bad input', () => {
    const repoRoot = resolve(__dirname, '../../..');
    const cli = join(repoRoot, 'scripts/cli.mjs');
    const out = execFileSync(process.execPath, [cli, 'agreement', file, '--json', '--levels', `skin=${skinLevels.join(',')}`], { cwd: repoRoot, encoding: 'utf8' });
    expect(JSON.parse(out).score.icc3.value).toBeCloseTo(0.7148, 4);
    const bad = spawnSync(process.execPath, [cli, 'agreement', csv('bad.csv', 'case,reader,measure,value\na,R1,v,1\n')], { cwd: repoRoot, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('bad.csv: measure "v" has one reader only (R1)');
  }, 120_000);
});
