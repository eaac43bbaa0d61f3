import { describe, expect, it } from 'vitest';
import { ecassEquivalent, HEIDELBERG_CODES, HEIDELBERG_ORDINAL_CODES, isHeidelbergCode } from '../../../src/core/trial/heidelberg';
import { emptyHtRead, type HtRead } from '../../../src/core/trial/htRead';
import { validateHtRead } from '../../../src/core/trial/validateHtRead';

describe('Heidelberg Bleeding Classification', () => {
  it('has its nine classes in order, with the ECASS equivalents of von Kummer et al. 2015', () => {
    expect(HEIDELBERG_CODES).toEqual(['none', '1a', '1b', '1c', '2', '3a', '3b', '3c', '3d']);
    expect(HEIDELBERG_CODES.map(ecassEquivalent)).toEqual(['none', 'HI1', 'HI2', 'PH1', 'PH2', 'PHr', null, null, null]);
    expect(HEIDELBERG_ORDINAL_CODES).toEqual(['none', '1a', '1b', '1c', '2']);
    expect(isHeidelbergCode('1c')).toBe(true);
    expect(isHeidelbergCode('PH1')).toBe(false);
  });
});

describe('validateHtRead', () => {
  const complete: HtRead = { heidelberg: ['1c', '3b'], symptomatic: false, side: 'left', territory: 'MCA', lesionCount: 1, comment: '' };
  const fields = (r: HtRead) => validateHtRead(r).map((p) => p.field);

  it('a complete read has no problems; "no haemorrhage, no visible infarct" is complete too', () => {
    expect(validateHtRead(complete)).toEqual([]);
    expect(validateHtRead({ heidelberg: ['none'], symptomatic: null, side: 'none', territory: 'none', lesionCount: 0, comment: '' })).toEqual([]);
  });

  it('an empty form lists every required field, in form order', () => {
    // Symptomatic is not asked until there is haemorrhage.
    expect(validateHtRead(emptyHtRead())).toEqual([
      { field: 'heidelberg', message: 'Heidelberg class is required (choose "none" if there is no haemorrhage)' },
      { field: 'side', message: 'infarct side is required (choose "none" if no infarct is visible)' },
      { field: 'territory', message: 'arterial territory is required (choose "none" if no infarct is visible)' },
      { field: 'lesionCount', message: 'number of lesions is required (0 if no infarct is visible)' },
    ]);
  });

  it('symptomatic yes/no is required with haemorrhage, and cannot be yes without it', () => {
    expect(validateHtRead({ ...complete, symptomatic: null })).toEqual([{ field: 'symptomatic', message: 'symptomatic yes/no is required when there is haemorrhage' }]);
    expect(fields({ ...complete, heidelberg: ['none'], symptomatic: true })).toEqual(['symptomatic']);
    expect(fields({ ...complete, heidelberg: ['none'], symptomatic: false })).toEqual([]);
  });

  it('inconsistent or malformed answers are named', () => {
    expect(validateHtRead({ ...complete, heidelberg: ['none', '1a'] })[0].message).toBe('"none" cannot be combined with a haemorrhage class');
    expect(validateHtRead({ ...complete, heidelberg: ['1a', '1a'] })[0].message).toBe('a Heidelberg class is listed twice');
    expect(fields({ ...complete, heidelberg: [] })).toEqual(['heidelberg']);
    expect(validateHtRead({ ...complete, lesionCount: 1.5 })[0].message).toBe('number of lesions must be a whole number ≥ 0, not 1.5');
    expect(fields({ ...complete, lesionCount: -1 })).toEqual(['lesionCount']);
    expect(validateHtRead({ ...complete, lesionCount: 0 })).toEqual([{ field: 'side', message: 'side, territory and number of lesions disagree on whether an infarct is visible' }]);
    expect(fields({ ...complete, territory: 'none' })).toEqual(['side']);
    // Not yet answered is reported as missing, not as a contradiction.
    expect(fields({ ...complete, side: 'none', territory: null, lesionCount: null })).toEqual(['territory', 'lesionCount']);
  });
});
