import { fillHolesSlicewise } from './fillHolesSlicewise';
import type { SimdKernelExports } from './fitSlabSimd';
import { keepLargestComponent } from './largestComponent';

/**
 * brainMask (the same mask, bit for bit) with its intensity step, Otsu's threshold × `factor` and
 * the thresholding, done by the WebAssembly kernel (otsuMask in assembly/dtiKernel.ts): those are
 * whole-volume passes a worker runs once per fit, whose JavaScript speed depended on how far V8 had
 * optimised them. The largest component and the hole filling follow as in brainMask.
 * `meanB0`: signal units, voxel index order (i fastest); returns 1 = brain, nx·ny·nz bytes.
 */
export function brainMaskSimd(kernel: SimdKernelExports, meanB0: Float32Array, dims: readonly [number, number, number], factor = 1): Uint8Array {
  const n = meanB0.length;
  // Above the kernel's static data, as fitSlabSimd lays out its chunk (neither runs during the other).
  const valuesAt = (kernel.heapBase() + 15) & ~15;
  const histAt = valuesAt + ((n * 4 + 15) & ~15);
  const maskAt = histAt + 256 * 8;
  const need = maskAt + n - kernel.memory.buffer.byteLength;
  if (need > 0) kernel.memory.grow(Math.ceil(need / 65536));
  new Float32Array(kernel.memory.buffer, valuesAt, n).set(meanB0);
  kernel.otsuMask(valuesAt, n, factor, histAt, maskAt);
  const mask = new Uint8Array(kernel.memory.buffer, maskAt, n).slice();
  keepLargestComponent(mask, dims);
  fillHolesSlicewise(mask, dims);
  return mask;
}
