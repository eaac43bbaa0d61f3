import { B0_THRESHOLD } from '../summariseDiffusion';

/**
 * Whether an image marked isotropic (Philips (2001,1004) 'I', Diffusion Directionality ISOTROPIC)
 * is a derived trace image, kept out of the tensor fit. Only a diffusion-weighted image can be a
 * trace: Philips also writes 'I' on the b = 0 image of classic DTI (Achieva 5.3) and ISOTROPIC on
 * the b0 of multiband DTI, and that b0 is the fit's reference signal. `bValue` in s/mm².
 */
export function isTraceImage(markedIsotropic: boolean, bValue: number): boolean {
  return markedIsotropic && bValue > B0_THRESHOLD;
}
