import { describe, expect, it } from 'vitest';
import { mapUnit, nativeMapUnit } from '../../../src/core/export/exportUnits';
import { findMapSpec, MAP_SPECS, mapSpec } from '../../../src/core/maps/mapCatalog';
import { MAP_EXPORTS } from '../../../src/core/nifti/mapExports';

describe('the one map catalogue (src/core/maps)', () => {
  it('gives the export units their labels and scales: FA ×10⁻⁴ / fraction, diffusivities 10⁻⁶ mm²/s / m²/s, signal a.u.', () => {
    expect([mapUnit('FA', 'trial').unit, mapUnit('FA', 'trial').convert(0.4512)]).toEqual(['10^-4', 4512]);
    expect([mapUnit('fa', 'si').unit, mapUnit('fa', 'si').convert(0.4512)]).toEqual(['1', 0.4512]);
    for (const m of ['md', 'AD', 'rd', 'l1']) {
      expect([mapUnit(m, 'trial').unit, mapUnit(m, 'trial').convert(0.00081)]).toEqual(['10^-6 mm^2/s', 810]);
      expect([mapUnit(m, 'si').unit, mapUnit(m, 'si').convert(0.00081)]).toEqual(['m^2/s', 8.1e-10]);
    }
    expect(mapUnit('b0', 'trial')).toMatchObject({ unit: 'a.u.' });
    expect(mapUnit('unknown-map', 'si').convert(3)).toBe(3);
    expect([nativeMapUnit('fa'), nativeMapUnit('MD'), nativeMapUnit('b0'), nativeMapUnit('x')]).toEqual(['1', 'mm^2/s', 'a.u.', 'a.u.']);
  });

  it('gives the viewer its display scale and the NIfTI export its files and datatypes', () => {
    expect(mapSpec('md')).toMatchObject({ label: 'MD', scale: 1e6, unit: '10⁻⁶ mm²/s', range: [0, 3000], nifti: 'float32' });
    expect(mapSpec('fa')).toMatchObject({ scale: 1, unit: '', range: [0, 1], colormap: 'grey' });
    expect(MAP_EXPORTS.map((m) => m.label)).toEqual(['FA', 'MD', 'AD', 'RD', 'L1', 'L2', 'L3', 'S0', 'b0', 'colorFA', 'mask']);
    expect([findMapSpec('colfa')?.nifti, findMapSpec('mask')?.nifti, findMapSpec('residual')?.nifti]).toEqual(['rgb24', 'uint8', null]);
    // One entry per map name.
    expect(new Set(MAP_SPECS.map((m) => m.name)).size).toBe(MAP_SPECS.length);
  });
});
