import { fillHolesSlicewise } from './fillHolesSlicewise';
import type { SimdKernelExports } from './fitSlabSimd';
import { keepLargestComponent } from './largestComponent';
import { otsuThresholdFrom } from './otsuThreshold';

/**
 * brainMask (the same mask, bit for bit) with the whole-volume passes of its intensity step done by
 * the WebAssembly kernel (rangeHistogram, aboveThreshold in assembly/dtiKernel.ts): a worker runs
 * each once per fit, and their JavaScript speed depended on how far V8 had optimised them. The
 * threshold is picked from the histogram by otsuThresholdFrom, the largest component and the hole
 * filling follow as in brainMask.
 * `meanB0`: signal units, voxel index order (i fastest); returns 1 = brain, nx·ny·nz bytes.
 */
export function brainMaskSimd(kernel: SimdKernelExports, meanB0: Float32Array, dims: readonly [number, number, number], factor = 1): Uint8Array {
  const at = layout(kernel, meanB0.length, 0);
  new Float32Array(kernel.memory.buffer, at.values, meanB0.length).set(meanB0);
  return maskOfValues(kernel, at, dims, factor);
}

/**
 * brainMaskSimd of the mean of the b0 volumes `b0Volumes` of volume-major `signals` (voxel v of
 * volume t at signals[t·nvox + v]), the mean made by the kernel too (meanVolumes: meanB0's
 * arithmetic), from one copy of each b0 volume.
 */
export function brainMaskOfB0Simd(
  kernel: SimdKernelExports,
  signals: Float32Array,
  b0Volumes: ArrayLike<number>,
  dims: readonly [number, number, number],
  factor = 1,
): Uint8Array {
  const nvox = dims[0] * dims[1] * dims[2];
  const nb = b0Volumes.length;
  const at = layout(kernel, nvox, nb);
  const copies = new Float32Array(kernel.memory.buffer, at.b0, nb * nvox);
  for (let b = 0; b < nb; b++) copies.set(signals.subarray(b0Volumes[b] * nvox, (b0Volumes[b] + 1) * nvox), b * nvox);
  if (nb > 0) kernel.meanVolumes(at.b0, nb, nvox, at.values);
  else new Float32Array(kernel.memory.buffer, at.values, nvox).fill(0);
  return maskOfValues(kernel, at, dims, factor);
}

/** Byte offsets in the kernel's memory, above its static data (fitSlabSimd lays out its chunk there too, never at the same time). */
interface MaskLayout {
  n: number;
  values: number;
  hist: number;
  mask: number;
  b0: number;
}

/** Room for n float32 values, the range and histogram, n mask bytes and `volumes` float32 volumes of n, the memory grown to fit. */
function layout(kernel: SimdKernelExports, n: number, volumes: number): MaskLayout {
  const align = (x: number): number => (x + 15) & ~15;
  const values = align(kernel.heapBase());
  const hist = align(values + n * 4);
  const mask = hist + (2 + 256) * 8;
  const b0 = align(mask + n);
  const need = b0 + volumes * n * 4 - kernel.memory.buffer.byteLength;
  if (need > 0) kernel.memory.grow(Math.ceil(need / 65536));
  return { n, values, hist, mask, b0 };
}

function maskOfValues(kernel: SimdKernelExports, at: MaskLayout, dims: readonly [number, number, number], factor: number): Uint8Array {
  kernel.rangeHistogram(at.values, at.n, at.hist);
  const [lo, hi] = new Float64Array(kernel.memory.buffer, at.hist, 2);
  const hist = hi > lo ? new Float64Array(kernel.memory.buffer, at.hist + 16, 256) : null;
  kernel.aboveThreshold(at.values, at.n, otsuThresholdFrom(lo, hi, hist) * factor, at.mask);
  const mask = new Uint8Array(kernel.memory.buffer, at.mask, at.n).slice();
  keepLargestComponent(mask, dims);
  fillHolesSlicewise(mask, dims);
  return mask;
}
