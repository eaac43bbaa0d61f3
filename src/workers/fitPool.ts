import { createDtiMaps, scatterSlabRuns } from '../core/dti/assembleMaps';
import { floorOfMinimum } from '../core/dti/minPositiveSignal';
import { planFit, type DiffusionData, type FitPlan } from '../core/dti/fitPlan';
import { buildFitScheme, type FitScheme } from '../core/dti/fitScheme';
import { meanB0 } from '../core/dti/meanB0';
import { indexRuns, maskRuns, runsVoxelCount } from '../core/dti/maskRuns';
import { slabRanges, type VoxelRange } from '../core/dti/slabRanges';
import type { DtiMaps, FitOptions, FitProgress } from '../core/dti/types';
import type { DtiRequest, FitSlabReply, FitSlabRequest } from './dtiProtocol';
import { fitSlabRequest, maskRequest } from './dtiRequests';

/** The little a pool needs from a worker, whatever runs it (Web Worker, Node worker_threads). */
export interface PoolWorker {
  post(req: DtiRequest, transfer: ArrayBuffer[]): void;
  onReply(cb: (reply: FitSlabReply) => void): void;
  /** The worker died or could not start (script error, out of memory). */
  onFailure(cb: (err: Error) => void): void;
  terminate(): void;
  /**
   * The fit finished cleanly and this worker is idle: keep it (listeners of this fit dropped) for
   * the next fit, whose slabs then run on already-compiled code. Without it, terminate().
   */
  release?(): void;
}

export interface PoolFitOptions extends FitOptions {
  /** Cancels the fit: workers are terminated and the promise rejects with an AbortError. */
  signal?: AbortSignal;
  onProgress?: (progress: FitProgress) => void;
}

/** Slabs per worker: small enough that a fast worker picks up a slow one's share. */
const SLABS_PER_WORKER = 8;

/** Slabs handed to a worker ahead of its results (see feed). */
const SLABS_IN_FLIGHT = 2;

/** Hands back a worker that was given no work: kept for later when it can be, else ended. */
function dismiss(w: PoolWorker): void {
  if (w.release) w.release();
  else w.terminate();
}

function abortError(): Error {
  return new DOMException('DTI fit cancelled', 'AbortError');
}

/**
 * Fits diffusion data on `workerCount` workers made by `spawn`: the scheme and mean b0 are
 * computed here, the automatic brain mask on one worker (warm code, and a free UI thread: see
 * MaskRequest), the masked slices are split into slabs handed out as workers free up, and the
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
    const nWorkers = Math.max(1, Math.floor(workerCount));
    const factor = opts.maskThreshold ?? 1;
    const workers: PoolWorker[] = [];
    // Workers first: their threads start up while this thread builds the scheme and mean b0.
    for (let i = 0; i < nWorkers; i++) {
      try {
        workers.push(spawn());
      } catch (err) {
        workers.forEach(dismiss);
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
    }
    let scheme: FitScheme;
    try {
      scheme = buildFitScheme(input.bValues, input.gradients, input.excluded);
    } catch (err) {
      workers.forEach(dismiss);
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    let settled = false;
    let plan: FitPlan;
    let maps: DtiMaps;
    let earlyMaps: DtiMaps | undefined;
    let ranges: VoxelRange[] = [];
    let doneBySlab = new Float64Array(0);
    let shared = false;
    let floorMask: Uint8Array | undefined;
    // The deferred floor (shared volume): the least slab minimum so far, and the voxels (volume
    // indices) fitted without it, refitted as one more packed slab (id ranges.length) at the end.
    let leastMinimum = Infinity;
    const waiting: number[] = [];
    /** Tells this fit's deferred floor apart from another's on a reused worker. */
    const fitId = Math.random();
    let total = 0;
    let t0 = 0;
    let next = 0;
    let finished = 0;
    let doneVoxels = 0;

    const settle = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      // Released last first: spawners hand kept workers out last-released first, so the next fit's
      // last worker, which makes its mask, is this fit's last worker again (its mask code is warm).
      for (const w of [...workers].reverse()) {
        if (err === null) dismiss(w);
        else w.terminate(); // may be mid-slab or broken
      }
      if (err) reject(err);
      else resolve(maps);
    };
    const onAbort = (): void => settle(abortError());
    signal?.addEventListener('abort', onAbort);

    // Packed slabs hold only the fitted volumes, renumbered in scheme order, and only masked
    // voxels, copied run by run (contiguous loops; results go back by the same runs).
    const packedScheme = { ...scheme, volumes: Int32Array.from({ length: scheme.m }, (_, i) => i) };
    const packedRuns = new Map<number, Int32Array>();
    const request = (slabId: number, r: VoxelRange): [FitSlabRequest, ArrayBuffer[]] => {
      if (shared) {
        // The worker sends the slab's fitted voxels back packed, in the order of the mask's runs.
        packedRuns.set(slabId, maskRuns(plan.mask, r.start, r.start + r.count));
        const mask = plan.mask.slice(r.start, r.start + r.count);
        const req = fitSlabRequest({ slabId, estimator: plan.estimator, minSignal: plan.minSignal, residual: plan.residual, scheme: plan.scheme, signals: input.data, volumeStride: plan.nvox, base: 0, start: r.start, count: r.count, mask, floorMask, fitId });
        return [req, [mask.buffer]];
      }
      return packed(slabId, maskRuns(plan.mask, r.start, r.start + r.count), plan.minSignal);
    };
    /** A slab of the voxels of `runs`, their signals copied together (minSignal: the floor, NaN if not known yet). */
    const packed = (slabId: number, runs: Int32Array, minSignal: number): [FitSlabRequest, ArrayBuffer[]] => {
      packedRuns.set(slabId, runs);
      const count = runsVoxelCount(runs);
      const signals = new Float32Array(plan.scheme.m * count);
      const data = input.data;
      for (let i = 0, o = 0; i < plan.scheme.m; i++) {
        const off = plan.scheme.volumes[i] * plan.nvox;
        for (let q = 0; q < runs.length; q += 2) {
          for (let v = off + runs[q], end = off + runs[q + 1]; v < end; v++) signals[o++] = data[v];
        }
      }
      const req = fitSlabRequest({ slabId, estimator: plan.estimator, minSignal, residual: plan.residual, scheme: packedScheme, signals, volumeStride: count, base: 0, start: 0, count, mask: null });
      return [req, [signals.buffer]];
    };
    const inFlight = new Map<PoolWorker, number>();
    const dispatch = (w: PoolWorker): void => {
      const slabId = next++;
      const [req, transfer] = request(slabId, ranges[slabId]);
      inFlight.set(w, (inFlight.get(w) ?? 0) + 1);
      w.post(req, transfer);
    };
    /**
     * Keeps `w` busy: two slabs queued while more slabs remain than workers (the worker fits its
     * second while this thread takes in the first's result and prepares the next), the last few one
     * at a time to whichever worker is free, so none sits on a queued slab while another idles.
     */
    const feed = (w: PoolWorker, cap = ranges.length - next > workers.length ? SLABS_IN_FLIGHT : 1): void => {
      while (next < ranges.length && (inFlight.get(w) ?? 0) < cap) dispatch(w);
    };
    const report = (): void => {
      if (!onProgress) return;
      const fraction = doneVoxels / total;
      const elapsed = (performance.now() - t0) / 1000;
      onProgress({ fraction, etaSeconds: fraction > 0 ? (elapsed * (1 - fraction)) / fraction : null });
    };

    /** Everything after the mask: slabs planned, the first ones handed out. */
    const begin = (mask: Uint8Array | undefined, maskThreshold: number | null): void => {
      shared = typeof SharedArrayBuffer !== 'undefined' && input.data.buffer instanceof SharedArrayBuffer;
      try {
        // Shared volume: nobody scans it for the floor first. Each slab reports its smallest positive
        // signal and the few voxels whose fit depends on the floor, refitted once every slab is in.
        plan = { ...planFit(input, { ...opts, mask }, shared ? 'defer' : 'compute'), maskThreshold };
        if (shared) {
          floorMask = new Uint8Array(new SharedArrayBuffer(plan.mask.length));
          floorMask.set(plan.mask);
        }
      } catch (err) {
        settle(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      maps = earlyMaps ? { ...earlyMaps, mask: plan.mask.slice() } : createDtiMaps(plan.dims, input.spacing, input.affine, plan.mask);
      const [nx, ny] = plan.dims;
      ranges = slabRanges(plan.mask, nx * ny, nWorkers * SLABS_PER_WORKER);
      // Fewer slabs than workers (tiny masks): the spare workers are not needed.
      workers.splice(Math.min(nWorkers, ranges.length)).forEach(dismiss);
      if (ranges.length === 0) {
        onProgress?.({ fraction: 1, etaSeconds: 0 });
        settle(null);
        return;
      }
      doneBySlab = new Float64Array(ranges.length);
      // Progress counts voxels visited: whole ranges when shared, masked voxels when packed.
      total = shared ? ranges.reduce((a, r) => a + r.count, 0) : plan.maskedVoxels;
      t0 = performance.now();
      for (const w of workers) feed(w, 1); // one each first, then the second ones
      for (const w of workers) feed(w);
    };

    for (const w of workers) {
      w.onFailure((err) => settle(err));
      w.onReply((reply) => {
        if (settled) return;
        if (reply.type === 'mask') {
          begin(reply.mask, factor);
          return;
        }
        if (reply.type === 'error') {
          settle(new Error(`DTI worker failed on slab ${reply.slabId}: ${reply.message}`));
          return;
        }
        if (reply.slabId === ranges.length) {
          // The refit of the voxels that waited for the floor: a few voxels, no progress of its own.
          if (reply.type !== 'result') return;
          scatterSlabRuns(maps, reply.maps, packedRuns.get(reply.slabId)!);
          settle(null);
          return;
        }
        const size = shared ? ranges[reply.slabId].count : runsVoxelCount(packedRuns.get(reply.slabId)!);
        const done = reply.type === 'progress' ? reply.done : size;
        doneVoxels += done - doneBySlab[reply.slabId];
        doneBySlab[reply.slabId] = done;
        if (reply.type === 'result') {
          inFlight.set(w, (inFlight.get(w) ?? 1) - 1);
          feed(w);
          scatterSlabRuns(maps, reply.maps, packedRuns.get(reply.slabId)!);
          packedRuns.delete(reply.slabId);
          const pending = reply.maps.pendingFloor;
          if (pending) {
            leastMinimum = Math.min(leastMinimum, pending.minPositive);
            for (const v of pending.voxels) waiting.push(ranges[reply.slabId].start + v);
          }
          finished++;
          report();
          if (finished < ranges.length) return;
          if (waiting.length === 0) settle(null);
          else {
            const [req, transfer] = packed(ranges.length, indexRuns(Int32Array.from(waiting).sort()), floorOfMinimum(leastMinimum));
            w.post(req, transfer);
          }
        } else report();
      });
    }
    if (opts.mask) begin(opts.mask, null);
    else {
      // The mean b0 here (one pass over the b0 volumes), the mask on the first worker.
      const [nx, ny, nz] = input.dims;
      const nvox = nx * ny * nz;
      if (input.data.length !== nvox * input.dims[3]) {
        settle(new Error(`data has ${input.data.length} values, dims say ${nvox * input.dims[3]}`));
        return;
      }
      // A shared volume's mean b0 is made by the mask worker itself, from the volume in place.
      const onShared = typeof SharedArrayBuffer !== 'undefined' && input.data.buffer instanceof SharedArrayBuffer;
      const mean = onShared ? new Float32Array(0) : meanB0(input.data, nvox, scheme.b0Volumes);
      const b0Of = onShared ? { signals: input.data, b0Volumes: Int32Array.from(scheme.b0Volumes) } : undefined;
      const req = maskRequest({ meanB0: mean, b0Of, dims: [nx, ny, nz], factor });
      // The last worker: the same thread fit after fit (see settle), whose mask code stays warm.
      workers[workers.length - 1].post(req, [mean.buffer as ArrayBuffer]);
      // While the mask is made: the (zero) maps, their pages touched by nobody yet.
      earlyMaps = createDtiMaps([nx, ny, nz], input.spacing, input.affine, new Uint8Array(0));
    }
  });
}
