import { createDtiMaps, writeSlab } from '../core/dti/assembleMaps';
import { planFit, type DiffusionData } from '../core/dti/fitPlan';
import { slabRanges, type VoxelRange } from '../core/dti/slabRanges';
import type { DtiMaps, FitOptions, FitProgress } from '../core/dti/types';
import type { FitSlabReply, FitSlabRequest } from './dtiProtocol';

/** The little a pool needs from a worker, whatever runs it (Web Worker, Node worker_threads). */
export interface PoolWorker {
  post(req: FitSlabRequest, transfer: ArrayBuffer[]): void;
  onReply(cb: (reply: FitSlabReply) => void): void;
  /** The worker died or could not start (script error, out of memory). */
  onFailure(cb: (err: Error) => void): void;
  terminate(): void;
}

export interface PoolFitOptions extends FitOptions {
  /** Cancels the fit: workers are terminated and the promise rejects with an AbortError. */
  signal?: AbortSignal;
  onProgress?: (progress: FitProgress) => void;
}

/** Slabs per worker: small enough that a fast worker picks up a slow one's share. */
const SLABS_PER_WORKER = 4;

function abortError(): Error {
  return new DOMException('DTI fit cancelled', 'AbortError');
}

/**
 * Fits diffusion data on `workerCount` workers made by `spawn`: the brain mask and scheme are
 * computed here, the masked slices are split into slabs handed out as workers free up, and the
 * maps are assembled as slabs return. Resolves only when every slab is in; on abort, a worker
 * error or a failed worker it terminates all workers and rejects, never returning partial maps.
 */
export function runFitPool(
  input: DiffusionData,
  opts: PoolFitOptions,
  spawn: () => PoolWorker,
  workerCount: number,
): Promise<DtiMaps> {
  return new Promise<DtiMaps>((resolve, reject) => {
    const { signal, onProgress } = opts;
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const plan = planFit(input, opts);
    const maps = createDtiMaps(plan.dims, input.spacing, input.affine, plan.mask);
    const [nx, ny] = plan.dims;
    const nWorkers = Math.max(1, Math.floor(workerCount));
    const ranges = slabRanges(plan.mask, nx * ny, nWorkers * SLABS_PER_WORKER);
    if (ranges.length === 0) {
      onProgress?.({ fraction: 1, etaSeconds: 0 });
      resolve(maps);
      return;
    }
    const total = ranges.reduce((a, r) => a + r.count, 0);
    const doneBySlab = new Float64Array(ranges.length);
    const shared = typeof SharedArrayBuffer !== 'undefined' && input.data.buffer instanceof SharedArrayBuffer;
    const nt = input.dims[3];
    const workers: PoolWorker[] = [];
    const t0 = performance.now();
    let next = 0;
    let finished = 0;
    let doneVoxels = 0;
    let settled = false;

    const settle = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of workers) w.terminate();
      if (err) reject(err);
      else resolve(maps);
    };
    const onAbort = (): void => settle(abortError());
    signal?.addEventListener('abort', onAbort);

    const request = (slabId: number, r: VoxelRange): [FitSlabRequest, ArrayBuffer[]] => {
      const mask = plan.mask.slice(r.start, r.start + r.count);
      const base = { type: 'fit', slabId, scheme: plan.scheme, estimator: plan.estimator, start: r.start, count: r.count, mask, minSignal: plan.minSignal } as const;
      if (shared) return [{ ...base, signals: input.data, volumeStride: plan.nvox, base: 0 }, [mask.buffer]];
      const signals = new Float32Array(nt * r.count);
      for (let t = 0; t < nt; t++) signals.set(input.data.subarray(t * plan.nvox + r.start, t * plan.nvox + r.start + r.count), t * r.count);
      return [{ ...base, signals, volumeStride: r.count, base: r.start }, [signals.buffer, mask.buffer]];
    };
    const dispatch = (w: PoolWorker): void => {
      if (next >= ranges.length) return;
      const slabId = next++;
      const [req, transfer] = request(slabId, ranges[slabId]);
      w.post(req, transfer);
    };
    const report = (): void => {
      if (!onProgress) return;
      const fraction = doneVoxels / total;
      const elapsed = (performance.now() - t0) / 1000;
      onProgress({ fraction, etaSeconds: fraction > 0 ? (elapsed * (1 - fraction)) / fraction : null });
    };

    for (let i = 0; i < Math.min(nWorkers, ranges.length); i++) {
      let w: PoolWorker;
      try {
        w = spawn();
      } catch (err) {
        settle(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      workers.push(w);
      w.onFailure((err) => settle(err));
      w.onReply((reply) => {
        if (settled) return;
        if (reply.type === 'error') {
          settle(new Error(`DTI worker failed on slab ${reply.slabId}: ${reply.message}`));
          return;
        }
        const done = reply.type === 'progress' ? reply.done : ranges[reply.slabId].count;
        doneVoxels += done - doneBySlab[reply.slabId];
        doneBySlab[reply.slabId] = done;
        if (reply.type === 'result') {
          writeSlab(maps, reply.maps);
          finished++;
          report();
          if (finished === ranges.length) settle(null);
          else dispatch(w);
        } else report();
      });
    }
    for (const w of workers) dispatch(w);
  });
}
