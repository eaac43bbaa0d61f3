import type { Volume4D } from '../core/dicom/types';
import { buildFitScheme } from '../core/dti/fitScheme';
import { volumeToDiffusionData } from '../core/dti/fitVolume';
import type { DtiMaps, Estimator } from '../core/dti/types';
import type { DtiRequest, FitSlabReply, FitSlabRequest, MaskRequest } from './dtiProtocol';
import { runFitPool, type PoolFitOptions, type PoolWorker } from './fitPool';

/**
 * Workers whose fit finished cleanly, or started ahead of one (`prestartDtiWorkers`), kept for the
 * next fit: it then skips module loading and runs already-optimised code.
 */
const idle: Worker[] = [];
/** Workers a fit holds now: prestarting counts them, so a fit running meanwhile does not leave extra workers idle afterwards. */
let inUse = 0;

/** slabId of warm-up slabs: replies to them never reach a fit (real slabs count from 0, masks are −1). */
const WARM_UP_SLAB = -2;
/** Synthetic warm-up voxels and directions: enough calls of the kernels for the JIT to optimise them. */
const WARM_UP_VOXELS = 2048;
const WARM_UP_DIRECTIONS = 30;
/** Mask warm-up volume and runs, as warmUpKernel.ts has them for the CLI's threads (small and repeated). */
const WARM_UP_MASK_DIMS: [number, number, number] = [32, 32, 12];
const WARM_UP_MASK_RUNS = 6;

/**
 * A slab request on synthetic data, posted like a real one (structured clone, signals transferred)
 * so the worker's kernel is optimised for what follows: 2 b0 + 30 directions on a Fibonacci sphere
 * at b = 1000 s/mm², prolate tensors (λ 1.7/0.3/0.3 µm²/ms) turning with the voxel index,
 * S0 ≈ 1000 (as warmUpKernel.ts builds it in the CLI's threads). Results are discarded.
 */
function warmUpSlab(estimator: Estimator): FitSlabRequest {
  const bValues = [0, 0];
  const gradients: [number, number, number][] = [[0, 0, 0], [0, 0, 0]];
  for (let d = 0; d < WARM_UP_DIRECTIONS; d++) {
    const z = 1 - (2 * d + 1) / WARM_UP_DIRECTIONS;
    const r = Math.sqrt(1 - z * z);
    const phi = d * Math.PI * (3 - Math.sqrt(5));
    bValues.push(1000);
    gradients.push([r * Math.cos(phi), r * Math.sin(phi), z]);
  }
  const nt = bValues.length;
  const signals = new Float32Array(nt * WARM_UP_VOXELS);
  for (let v = 0; v < WARM_UP_VOXELS; v++) {
    const f = [Math.cos(v * 0.618) * Math.sin(v), Math.sin(v * 0.618) * Math.sin(v), Math.cos(v)];
    for (let t = 0; t < nt; t++) {
      const c = gradients[t][0] * f[0] + gradients[t][1] * f[1] + gradients[t][2] * f[2];
      signals[t * WARM_UP_VOXELS + v] = (1000 + 10 * Math.sin(v + t)) * Math.exp(-bValues[t] * (0.3 + 1.4 * c * c) * 1e-3);
    }
  }
  const scheme = buildFitScheme(bValues, gradients);
  return { type: 'fit', slabId: WARM_UP_SLAB, scheme, estimator, signals, volumeStride: WARM_UP_VOXELS, base: 0, start: 0, count: WARM_UP_VOXELS, mask: null, minSignal: 1.5 };
}

/**
 * Brain-mask requests on a synthetic mean b0 (a bright ellipsoid "head" around a dark "ventricle"
 * hole in a dim, rippled background), in both forms a fit sends: the mean b0 given (plain
 * volumes), and made by the worker from the b0 volumes (volumes on a SharedArrayBuffer).
 */
function warmUpMasks(): MaskRequest[] {
  const [nx, ny, nz] = WARM_UP_MASK_DIMS;
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
  const twoB0 = new Float32Array(2 * meanB0.length);
  twoB0.set(meanB0);
  twoB0.set(meanB0, meanB0.length);
  const given: MaskRequest = { type: 'mask', slabId: -1, meanB0, dims: WARM_UP_MASK_DIMS, factor: 1.01 };
  const made: MaskRequest = { ...given, meanB0: new Float32Array(0), b0Of: { signals: twoB0, b0Volumes: Int32Array.of(0, 1) } };
  return Array.from({ length: WARM_UP_MASK_RUNS }, (_, n) => (n % 2 === 0 ? given : made));
}

/** A request ready to post with its own copy of the buffers it transfers, as a fit transfers a slab's signals. */
function ownCopy(req: DtiRequest): [DtiRequest, ArrayBuffer[]] {
  if (req.type === 'fit') {
    const signals = req.signals.slice();
    return [{ ...req, signals }, [signals.buffer]];
  }
  const meanB0 = req.meanB0.slice();
  return [{ ...req, meanB0, b0Of: req.b0Of && { signals: req.b0Of.signals.slice(), b0Volumes: req.b0Of.b0Volumes.slice() } }, [meanB0.buffer]];
}

const newWorker = (): Worker => new Worker(new URL('./dtiWorker.ts', import.meta.url), { type: 'module' });

/**
 * Starts DTI workers until `count` are idle or held by a fit, each warming up its kernel on
 * synthetic data for `estimator`, so that a fit requested soon after (the user picked a DWI series)
 * finds loaded, optimised workers. Only the first idle worker warms the brain mask too: fits take
 * idle workers last-in first-out and give the mask to their last worker, which is that one.
 * A fit may take a worker before its warm-up ends: its requests queue behind the warm-up's, whose
 * replies a first listener swallows (slab WARM_UP_SLAB, then as many mask replies as warm-ups).
 */
export function prestartDtiWorkers(estimator: Estimator, count = navigator.hardwareConcurrency || 1): void {
  if (idle.length + inUse >= count) return;
  const slab = warmUpSlab(estimator);
  const masks = warmUpMasks();
  while (idle.length + inUse < count) {
    const worker = newWorker();
    let warmMasks = 0;
    worker.addEventListener('message', (e: MessageEvent<FitSlabReply>) => {
      if (e.data.slabId === WARM_UP_SLAB) e.stopImmediatePropagation();
      else if (e.data.type === 'mask' && warmMasks > 0) {
        warmMasks--;
        e.stopImmediatePropagation();
      }
    });
    // A worker that cannot start is never handed to a fit (one already holding it gets the error too).
    worker.addEventListener('error', () => {
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
      worker.terminate();
    });
    for (const req of idle.length === 0 && inUse === 0 ? [slab, ...masks] : [slab]) {
      if (req.type === 'mask') warmMasks++;
      worker.postMessage(...ownCopy(req));
    }
    idle.push(worker);
  }
}

/** One fit's view of a browser module worker running dtiWorker.ts; its listeners go on release. */
function spawnBrowserWorker(): PoolWorker {
  const worker = idle.pop() ?? newWorker();
  inUse++;
  const controller = new AbortController();
  const { signal } = controller;
  // A fit may both terminate and release a worker (or either twice): it stops counting once.
  let held = true;
  const letGo = (): void => {
    if (held) inUse--;
    held = false;
    controller.abort();
  };
  return {
    post: (req, transfer) => worker.postMessage(req, transfer),
    onReply: (cb) => worker.addEventListener('message', (e: MessageEvent<FitSlabReply>) => cb(e.data), { signal }),
    onFailure: (cb) => {
      worker.addEventListener('error', (e) => cb(new Error(`DTI worker error: ${e.message || 'failed to load'}`)), { signal });
      worker.addEventListener('messageerror', () => cb(new Error('DTI worker could not read a message')), { signal });
    },
    terminate: () => {
      letGo();
      worker.terminate();
    },
    release: () => {
      if (!held) return;
      letGo();
      idle.push(worker);
    },
  };
}

/**
 * Tensor fit of a Volume4D in the renderer on one Web Worker per logical core
 * (navigator.hardwareConcurrency, at least 1). Progress reports the fraction of masked voxels done
 * and an ETA; `opts.signal` cancels (workers terminated, promise rejected with AbortError).
 */
export function fitVolumeInWorkers(volume: Volume4D, opts: PoolFitOptions, workers = navigator.hardwareConcurrency || 1): Promise<DtiMaps> {
  return runFitPool(volumeToDiffusionData(volume), opts, spawnBrowserWorker, Math.max(1, workers));
}
