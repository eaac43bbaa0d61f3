import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayToDicomDate, dicomDateToDay } from '../../../src/core/trial/dicomDate';
import { sha256Hex } from '../../../src/core/trial/sha256';
import { deriveSubjectId } from '../../../src/core/trial/subjectId';
import { suggestTimepoints, timepointLabelForDay } from '../../../src/core/trial/suggestTimepoints';

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto on any UTF-8 text, across block boundaries', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 300, seed: 0x5a256 },
    );
  });
});

describe('deriveSubjectId', () => {
  it('is the salted SHA-256 prefix of PatientID, stable and salt-dependent', () => {
    const expected = `S-${createHash('sha256').update('trial-salt\u0000PID-0042').digest('hex').slice(0, 12)}`;
    expect(deriveSubjectId('trial-salt', 'PID-0042')).toBe(expected);
    expect(deriveSubjectId('other-salt', 'PID-0042')).not.toBe(expected);
    expect(() => deriveSubjectId('', 'PID-0042')).toThrow(/salt/);
  });
});

describe('dicomDate', () => {
  it('converts DA to day numbers and back, rejecting impossible dates', () => {
    expect(dicomDateToDay('19700101')).toBe(0);
    expect(dicomDateToDay('20240301')! - dicomDateToDay('20240228')!).toBe(2); // leap year
    expect(dicomDateToDay('20230230')).toBeNull();
    expect(dicomDateToDay('')).toBeNull();
    expect(dayToDicomDate(dicomDateToDay('20231231')! + 1)).toBe('20240101');
  });
});

describe('suggestTimepoints', () => {
  it.each([
    [0, '24 h'],
    [1, '24 h'],
    [2, '24 h'],
    [3, 'day 3'],
    [9, 'day 9'],
    [10, 'day 14'],
    [14, 'day 14'],
    [18, 'day 14'],
    [19, 'day 19'],
    [90, 'day 90'],
  ])('day %i → %s', (days, label) => {
    expect(timepointLabelForDay(days)).toBe(label);
  });

  it('counts calendar days from the earliest dated study, in input order, undated → null', () => {
    const out = suggestTimepoints([
      { studyInstanceUID: 'b', studyDate: '20240315' },
      { studyInstanceUID: 'a', studyDate: '20240301' },
      { studyInstanceUID: 'c', studyDate: '' },
      { studyInstanceUID: 'd', studyDate: '20240302' },
      { studyInstanceUID: 'e', studyDate: '20240530' },
    ]);
    expect(out).toEqual([
      { studyInstanceUID: 'b', daysSinceFirst: 14, label: 'day 14' },
      { studyInstanceUID: 'a', daysSinceFirst: 0, label: '24 h' },
      { studyInstanceUID: 'c', daysSinceFirst: null, label: null },
      { studyInstanceUID: 'd', daysSinceFirst: 1, label: '24 h' },
      { studyInstanceUID: 'e', daysSinceFirst: 90, label: 'day 90' },
    ]);
  });
});
