import { buildFitScheme } from '../core/dti/fitScheme';
import type { Estimator } from '../core/dti/types';
import { handleDtiRequest, type FitSlabRequest, type MaskRequest } from './dtiProtocol';

/** Synthetic voxels: enough calls of the block kernel for the JIT to optimise it. */
const VOXELS = 2048;
const DIRECTIONS = 30;
const B = 1000;

/**
 * Runs the slab kernel once with `estimator` on synthetic data (2 b0 + 30 directions on a Fibonacci
 * sphere, b = 1000 s/mm², prolate tensors λ = 1.7/0.3/0.3 µm²/ms in varied orientations, S0 = 1000
 * with a small deterministic ripple so no two voxels are equal), so that a freshly started worker
 * has optimised code before real slabs arrive. The CLI does this while it reads the DICOM folder,
 * when the other core is idle. Results are discarded.
 *
 * The run must look to V8 exactly like a real slab, or the first real one throws the optimised code
 * away ("code dependencies" deoptimisation) and runs slowly while it is recompiled: so the request
 * goes through structured cloning with its signals transferred and the reply's buffers are
 * transferred too (detaching a buffer invalidates code compiled while none ever was), and the
 * signal floor is a non-integer like a real series' smallest positive signal (with 1, V8 stores
 * the kernel's floor fields as small integers).
 */
export function warmUpKernel(estimator: Estimator, mask = true): void {
  const bValues = [0, 0];
  const gradients: [number, number, number][] = [[0, 0, 0], [0, 0, 0]];
  for (let d = 0; d < DIRECTIONS; d++) {
    const z = 1 - (2 * d + 1) / DIRECTIONS;
    const r = Math.sqrt(1 - z * z);
    const phi = d * Math.PI * (3 - Math.sqrt(5));
    bValues.push(B);
    gradients.push([r * Math.cos(phi), r * Math.sin(phi), z]);
  }
  const scheme = buildFitScheme(bValues, gradients);
  const nt = bValues.length;
  const signals = new Float32Array(nt * VOXELS);
  for (let v = 0; v < VOXELS; v++) {
    // Fibre direction sweeping the sphere with the voxel index.
    const a = v * 0.61803;
    const f = [Math.cos(a) * Math.sin(v), Math.sin(a) * Math.sin(v), Math.cos(v)];
    for (let t = 0; t < nt; t++) {
      const g = gradients[t];
      const c = g[0] * f[0] + g[1] * f[1] + g[2] * f[2];
      const adc = (0.3 + 1.4 * c * c) * 1e-3; // gᵀDg for D = 0.3·I + 1.4·f fᵀ (µm²/ms → mm²/s)
      signals[t * VOXELS + v] = (1000 + 10 * Math.sin(v + t)) * Math.exp(-bValues[t] * adc);
    }
  }
  const req: FitSlabRequest = { type: 'fit', slabId: -1, scheme, estimator, signals, volumeStride: VOXELS, base: 0, start: 0, count: VOXELS, mask: null, minSignal: 1.5 };
  handleDtiRequest(structuredClone(req, { transfer: [signals.buffer] }), (reply, transfer) => void structuredClone(reply, { transfer }));
  if (mask) warmUpMask();
}

/**
 * Mask warm-up volume and runs: an ellipsoid "head" with a dark "ventricle" hole, noisy background.
 * Small and repeated: the optimising compiler wants calls and loop iterations, not voxels, and this
 * many is the least that still makes a 112×112×32 mask cost what a warm one does (6.7 ms of CPU,
 * against 40 ms cold), for 27 ms of CPU here.
 */
const MASK_DIMS: [number, number, number] = [32, 32, 12];
const MASK_RUNS = 6;

/**
 * Runs the brain-mask request on a synthetic mean b0 (MASK_DIMS, a bright ellipsoid with a dark
 * hole inside in a low background ripple) so the pool's mask request finds optimised code (Otsu
 * histogram, component flood, slice-wise hole filling).
 */
function warmUpMask(): void {
  const [nx, ny, nz] = MASK_DIMS;
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
  // Both forms of the request: the mean b0 given, and made here from two b0 volumes (shared volumes).
  const twoB0 = new Float32Array(2 * meanB0.length);
  twoB0.set(meanB0);
  twoB0.set(meanB0, meanB0.length);
  const given: MaskRequest = { type: 'mask', slabId: -1, meanB0, dims: MASK_DIMS, factor: 1.01 };
  const made: MaskRequest = { ...given, meanB0: new Float32Array(0), b0Of: { signals: twoB0, b0Volumes: Int32Array.of(0, 1) } };
  for (let n = 0; n < MASK_RUNS; n++) {
    handleDtiRequest(structuredClone(n % 2 === 0 ? given : made), (reply, transfer) => void structuredClone(reply, { transfer }));
  }
}
