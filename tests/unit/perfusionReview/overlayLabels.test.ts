import { describe, expect, it } from 'vitest';
import { CORE_LABEL as C, HYPOPERFUSED_LABEL as H, MISMATCH_LABEL as M, overlayLabels } from '../../../src/core/perfusionReview/overlayLabels';

// Voxels: outside, core ∩ hypoperfused, core only, mismatch (hypoperfused, not core).
const core = [0, 1, 1, 0];
const hypo = [0, 1, 0, 1];

describe('overlayLabels', () => {
  it('core over mismatch over hypoperfused, each class only when shown', () => {
    expect(Array.from(overlayLabels(core, hypo, { core: true, hypoperfused: true, mismatch: true }))).toEqual([0, C, C, M]);
    expect(Array.from(overlayLabels(core, hypo, { core: true, hypoperfused: true, mismatch: false }))).toEqual([0, C, C, H]);
    expect(Array.from(overlayLabels(core, hypo, { core: false, hypoperfused: true, mismatch: false }))).toEqual([0, H, 0, H]);
    expect(Array.from(overlayLabels(core, hypo, { core: false, hypoperfused: true, mismatch: true }))).toEqual([0, H, 0, M]);
    expect(Array.from(overlayLabels(core, hypo, { core: false, hypoperfused: false, mismatch: true }))).toEqual([0, 0, 0, M]);
    expect(Array.from(overlayLabels(core, hypo, { core: false, hypoperfused: false, mismatch: false }))).toEqual([0, 0, 0, 0]);
  });
});
