import { describe, expect, it } from 'vitest';
import { displayNumber } from '../../../src/core/export/displayNumber';

describe('displayNumber: export values rounded for reading, by unit', () => {
  it('trial units: FA ×10⁻⁴, 10⁻⁶ mm²/s, a.u. and mm² to 1 decimal; mL to 2', () => {
    // The raw floats the Export dialog used to print.
    expect(displayNumber(7425.53221959, '10^-4')).toBe('7425.5');
    expect(displayNumber(99.72028682823989, 'mm^2')).toBe('99.7');
    expect(displayNumber(421.449999, '10^-6 mm^2/s')).toBe('421.4');
    expect(displayNumber(1234.56, 'a.u.')).toBe('1234.6');
    expect(displayNumber(3.0159289474, 'mL')).toBe('3.02');
    expect(displayNumber(700, '10^-6 mm^2/s')).toBe('700.0');
  });

  it('SI units and ratios to 4 significant digits; counts as integers; % change to 1 decimal', () => {
    expect(displayNumber(4.2134e-10, 'm^2/s')).toBe('4.213e-10');
    expect(displayNumber(0.742553221959, '1')).toBe('0.7426');
    expect(displayNumber(0.59712, '1')).toBe('0.5971');
    expect(displayNumber(9.972e-5, 'm^2')).toBe('0.00009972');
    expect(displayNumber(38, 'voxels')).toBe('38');
    expect(displayNumber(-12.345, '%')).toBe('-12.3');
  });

  it('missing values print empty like the CSV; a rounded zero has no sign', () => {
    expect(displayNumber(null, 'mL')).toBe('');
    expect(displayNumber(Number.NaN, '10^-4')).toBe('');
    expect(displayNumber(Number.POSITIVE_INFINITY, '1')).toBe('');
    expect(displayNumber(-0.04, '10^-6 mm^2/s')).toBe('0.0');
    expect(displayNumber(-0.004, 'mL')).toBe('0.00');
    expect(displayNumber(-0.06, '10^-6 mm^2/s')).toBe('-0.1');
  });
});
