import { describe, expect, it } from 'vitest';
import { parseRandomisationCsv } from '../../../src/core/trial/randomisationCsv';

describe('parseRandomisationCsv', () => {
  it('reads subject → arm in file order; header in any case and order, extra columns, BOM, CRLF, quotes and blank lines allowed', () => {
    const text = '\uFEFFArm,Site,SUBJECT\r\ntPA + drug,03,S-001\r\n\r\n"tPA + placebo",03," S-002 "\r\n';
    expect([...parseRandomisationCsv(text, 'rand.csv')]).toEqual([
      ['S-001', 'tPA + drug'],
      ['S-002', 'tPA + placebo'],
    ]);
  });

  it('bad input: a clear message naming the file and line', () => {
    const err = (text: string) => {
      try {
        parseRandomisationCsv(text, 'rand.csv');
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(err('')).toBe('rand.csv: empty file; expected a header line subject,arm and one subject per line');
    expect(err('subject,arm\n')).toBe('rand.csv: no subjects after the header');
    expect(err('subject,group\nS1,A\n')).toBe('rand.csv line 1: missing column arm; the header has subject, group');
    expect(err('subject;arm\nS1;A\n')).toBe('rand.csv line 1: missing columns subject, arm; the header has subject;arm (the file looks separated by ";" or tabs; commas are expected)');
    expect(err('subject,arm\nS1,A\nS2\n')).toBe('rand.csv: Invalid Record Length: expect 2, got 1 on line 3');
    expect(err('subject,arm\nS1,A\nS2,\n')).toBe('rand.csv line 3: subject S2 has no arm');
    expect(err('subject,arm\n,A\n')).toBe('rand.csv line 2: empty subject');
    expect(err('subject,arm\nS1,A\nS2,B\nS1,A\n')).toBe('rand.csv line 4: subject S1 is listed twice (lines 2 and 4)');
    expect(err('subject,arm\nS1,"A\n')).toMatch(/^rand\.csv: Quote Not Closed/);
  });
});
