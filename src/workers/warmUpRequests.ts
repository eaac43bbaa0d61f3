import { buildFitScheme } from '../core/dti/fitScheme';
import type { Estimator } from '../core/dti/types';
import type { FitSlabRequest, MaskRequest } from './dtiProtocol';
import { fitSlabRequest, maskRequest } from './dtiRequests';

/**
 * The requests that warm up a freshly started DTI worker (browser Web Worker or CLI thread) before
 * real ones arrive, so a fit finds optimised code: cold, the kernel's first slabs and the first brain
 * mask cost several times what warm ones do. Data only (no kernel code here): every worker runs
 * them on itself (warmUpKernel), browser workers when asked to by the pool, CLI threads at start.
 */

/** slabId of the warm-up slab: its reply is discarded where it is made (real slabs count from 0, masks are −1). */
const WARM_UP_SLAB = -2;

const DIRECTIONS = 30;
const B = 1000;

/** How much warm-up a worker gets: voxels of the synthetic slab, and the synthetic masks' grid and count. */
export interface WarmUpSize {
  voxels: number;
  maskDims: [number, number, number];
  maskRuns: number;
}

/**
 * For CLI threads, which warm up while the folder is read, on the same cores: the least that makes
 * the kernel's JavaScript optimised at a small CPU cost. More slowed the reading and left the fit
 * as it was (docs/benchmarks.md).
 */
export const WARM_UP_BRIEF: WarmUpSize = { voxels: 4096, maskDims: [32, 32, 12], maskRuns: 6 };

/**
 * For browser workers, which start with the app, long before a fit: enough work for V8 to tier up
 * the WebAssembly functions and the JavaScript around them, so the first fit runs nearly like later
 * ones (tests/bench/ui.bench.ts prints that first fit as its `fit`). Twice this was faster still, but
 * its garbage, kept by idle workers, took the page's memory past the renderer's bound
 * (docs/benchmarks.md).
 */
export const WARM_UP_FULL: WarmUpSize = { voxels: 16384, maskDims: [64, 64, 24], maskRuns: 4 };

/**
 * A slab request with `estimator` on synthetic data: 2 b0 + 30 directions on a Fibonacci sphere at
 * b = 1000 s/mm², prolate tensors (λ 1.7/0.3/0.3 µm²/ms) turning with the voxel index, S0 = 1000 with
 * a small ripple so no two voxels are equal (its smallest positive signal, the floor, is not an
 * integer, as a real series' is not: with 1, V8 would store the floor fields as small integers and
 * deoptimise on the first real slab).
 */
export function warmUpSlab(estimator: Estimator, size: WarmUpSize = WARM_UP_BRIEF): FitSlabRequest {
  const { voxels } = size;
  const bValues = [0, 0];
  const gradients: [number, number, number][] = [[0, 0, 0], [0, 0, 0]];
  for (let d = 0; d < DIRECTIONS; d++) {
    const z = 1 - (2 * d + 1) / DIRECTIONS;
    const r = Math.sqrt(1 - z * z);
    const phi = d * Math.PI * (3 - Math.sqrt(5));
    bValues.push(B);
    gradients.push([r * Math.cos(phi), r * Math.sin(phi), z]);
  }
  const nt = bValues.length;
  const signals = sharedFloats(nt * voxels);
  for (let v = 0; v < voxels; v++) {
    const a = v * 0.61803;
    const f = [Math.cos(a) * Math.sin(v), Math.sin(a) * Math.sin(v), Math.cos(v)];
    for (let t = 0; t < nt; t++) {
      const g = gradients[t];
      const c = g[0] * f[0] + g[1] * f[1] + g[2] * f[2];
      const adc = (0.3 + 1.4 * c * c) * 1e-3; // gᵀDg for D = 0.3·I + 1.4·f fᵀ (µm²/ms → mm²/s)
      signals[t * voxels + v] = (1000 + 10 * Math.sin(v + t)) * Math.exp(-bValues[t] * adc);
    }
  }
  const scheme = buildFitScheme(bValues, gradients);
  // As a slab of a shared volume of real data comes: rows of a brain mask (runs of fitted voxels
  // between gaps) and a dropout, left waiting for the floor (deferred floor, SlabMaps.pendingFloor).
  const mask = new Uint8Array(voxels);
  for (let v = 0; v < voxels; v++) mask[v] = v % 112 >= 20 && v % 112 < 92 ? 1 : 0;
  signals[3 * voxels + 50] = 0;
  return fitSlabRequest({ slabId: WARM_UP_SLAB, scheme, estimator, signals, volumeStride: voxels, base: 0, start: 0, count: voxels, mask, minSignal: Number.NaN, residual: true, floorMask: mask, fitId: -1 });
}

/**
 * Brain-mask requests on a synthetic mean b0 (a bright ellipsoid "head" around a dark "ventricle"
 * hole in a dim, rippled background), in both forms a fit sends: the mean b0 given (plain volumes),
 * and made by the worker from two b0 volumes (volumes on a SharedArrayBuffer).
 */
export function warmUpMasks(size: WarmUpSize = WARM_UP_BRIEF): MaskRequest[] {
  const dims = size.maskDims;
  const [nx, ny, nz] = dims;
  const meanB0 = new Float32Array(nx * ny * nz);
  for (let k = 0, v = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        const r = ((i - nx / 2) / (nx * 0.4)) ** 2 + ((j - ny / 2) / (ny * 0.45)) ** 2 + ((k - nz / 2) / (nz * 0.45)) ** 2;
        const hole = ((i - nx / 2) / 3) ** 2 + ((j - ny / 2) / 4) ** 2 < 1;
        meanB0[v] = (r <= 1 && !hole ? 800 : 20) + 10 * Math.sin(0.37 * v);
      }
    }
  }
  const twoB0 = sharedFloats(2 * meanB0.length);
  twoB0.set(meanB0);
  twoB0.set(meanB0, meanB0.length);
  const given = maskRequest({ meanB0, b0Of: undefined, dims, factor: 1.01 });
  const made = maskRequest({ meanB0: new Float32Array(0), b0Of: { signals: twoB0, b0Volumes: Int32Array.of(0, 1) }, dims, factor: 1.01 });
  return Array.from({ length: size.maskRuns }, (_, n) => (n % 2 === 0 ? given : made));
}

/**
 * Float32s on a SharedArrayBuffer where there are any (cross-origin isolated, Node): as a real
 * shared volume's slab and mask requests carry them, and cloning the warm-up's requests then shares
 * them instead of copying (megabytes the worker would otherwise keep as garbage until it collects).
 */
function sharedFloats(length: number): Float32Array {
  return typeof SharedArrayBuffer === 'undefined' ? new Float32Array(length) : new Float32Array(new SharedArrayBuffer(length * 4));
}
