/** Settable constants of one perfusion computation (see constants.ts for the defaults). */
export interface PerfusionConstants {
  /** Large-to-small-vessel hematocrit factor (1 − Hct_large)/(1 − Hct_small), dimensionless. */
  hematocritFactor: number;
  /** Brain density, g/ml. */
  density: number;
  /** Oscillation-index threshold of the oSVD, dimensionless. */
  oscillationIndex: number;
}

/** The perfusion values of one voxel or ROI curve, in clinical units. */
export interface PerfusionValues {
  /** Cerebral blood flow, ml/100 g/min. */
  cbf: number;
  /** Cerebral blood volume, ml/100 g (leakage-corrected, see voxelPerfusion). */
  cbv: number;
  /** Mean transit time CBV/CBF, s. */
  mtt: number;
  /** Time to the maximum of the deconvolved residue (delay of the tissue vs the AIF), s. */
  tmax: number;
  /** Time to peak of the tissue enhancement, s from the first frame. */
  ttp: number;
  /** Permeability–surface area product by Patlak, ml/100 g/min. */
  ps: number;
  /** Patlak intercept: blood volume of the late phase, ml/100 g. */
  patlakVolume: number;
}
