import type { PlanarRoi } from '../measure/types';

/** What identifies an ROI to the user and the trial, supplied by the caller (core makes no ids). */
export type RoiLabel = Pick<PlanarRoi, 'id' | 'name' | 'role'>;
