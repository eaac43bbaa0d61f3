/**
 * Default physical constants of the perfusion maps. Both are settable per computation
 * (`PerfusionConstants`); tests against synthetic truth set them to 1 so units match.
 */

/**
 * Large-to-small-vessel hematocrit correction (1 − Hct_large) / (1 − Hct_small), dimensionless,
 * with Hct_large = 0.45 and Hct_small = 0.25: the contrast agent stays in plasma, and capillary
 * blood holds less red cells than the artery the AIF is measured in.
 */
export const DEFAULT_HEMATOCRIT_FACTOR = (1 - 0.45) / (1 - 0.25);

/** Brain tissue density ρ, g/ml: turns ml/100 ml of tissue into ml/100 g. */
export const DEFAULT_BRAIN_DENSITY = 1.04;

/**
 * Oscillation-index threshold of the oSVD (Wu et al., MRM 2003;50:164): the residue with the
 * most singular components whose OI stays at or below this is kept. 0.095 is Wu's value.
 */
export const DEFAULT_OSCILLATION_INDEX = 0.095;
