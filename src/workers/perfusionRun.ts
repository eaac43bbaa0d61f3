import { addMoments, frameMotion } from '../core/perfusion/frameMotion';
import { mergeCandidates, type InputCandidate } from '../core/perfusion/inputCandidates';
import type { InputCurve } from '../core/perfusion/inputCurve';
import { emptyMaps, type PerfusionResult } from '../core/perfusion/perfusionMaps';
import type { PerfusionModel } from '../core/perfusion/perfusionModel';
import type { SlabRecord } from '../core/perfusion/perfusionModels';
import { needsCandidates, type PerfusionOptions } from '../core/perfusion/perfusionOptions';
import { PERFUSION_KEYS, type PerfusionMapSet } from '../core/perfusion/perfusionRange';
import { resolveInputs } from '../core/perfusion/resolveInputs';
import { copiedView, copySliceRange, wholeVolumeView, type SliceRangeView } from '../core/perfusion/sliceRangeView';
import { NO_SMOOTHING } from '../core/perfusion/smoothing';
import type { PerfusionReply, PerfusionRequest } from './perfusionProtocol';

/** The little the pool needs from a worker, whatever runs it (Web Worker, Node worker_threads). */
export interface PerfusionWorker {
  post(req: PerfusionRequest, transfer: ArrayBuffer[]): void;
  onReply(cb: (reply: PerfusionReply) => void): void;
  /** The worker died or could not start. */
  onFailure(cb: (err: Error) => void): void;
  terminate(): void;
  /** The computation finished cleanly: keep this idle worker (its listeners dropped) for the next. Without it, terminate(). */
  release?(): void;
}

/** The HU volume the maps are computed from (a Volume4D fits). */
export interface PerfusionVolume {
  /** HU, volume-major (assembleVolume's layout); on a SharedArrayBuffer the workers read it in place, else slice ranges are copied to them. */
  data: Float32Array;
  /** [nx, ny, nz, nt] */
  dims: readonly [number, number, number, number];
  /** Voxel size [column, row, slice], mm. */
  spacing: readonly [number, number, number];
}

/** Where a computation stands. */
export interface PerfusionProgress {
  /** 'vessels': scanning for the automatic AIF/VOF; 'model': the AIF's SVD; 'maps': the voxels. */
  phase: 'vessels' | 'model' | 'maps';
  /** Of the whole computation, 0…1 (vessel scan and model weigh 5 % and 2 % when there is a scan, else the model 2 %). */
  fraction: number;
  /** Seconds left, from the maps phase's pace so far; null before it has any. */
  etaSeconds: number | null;
}

export interface PerfusionControl {
  /** Cancels: workers are terminated and the promise rejects with an AbortError (DOMException). */
  signal?: AbortSignal;
  onProgress?: (progress: PerfusionProgress) => void;
}

/** Slice ranges per worker: small enough that a fast worker picks up a slow one's share. */
const UNITS_PER_WORKER = 8;

/** One unit of work: whole slices [firstSlice, endSlice) of the table position `slab`. */
interface Unit {
  slab: number;
  firstSlice: number;
  endSlice: number;
}

/** Splits each table position's slices into about `parts` · (its share of the slices) ranges of whole slices. */
export function sliceUnits(slabs: PerfusionOptions['slabs'], nz: number, parts: number): Unit[] {
  const units: Unit[] = [];
  slabs.forEach((slab, n) => {
    const slices = slab.endSlice - slab.firstSlice;
    const pieces = Math.max(1, Math.min(slices, Math.round((parts * slices) / nz)));
    for (let p = 0; p < pieces; p++) {
      const first = slab.firstSlice + Math.floor((p * slices) / pieces);
      const end = slab.firstSlice + Math.floor(((p + 1) * slices) / pieces);
      if (end > first) units.push({ slab: n, firstSlice: first, endSlice: end });
    }
  });
  return units.sort((a, b) => a.firstSlice - b.firstSlice);
}

function abortError(): Error {
  return new DOMException('perfusion computation cancelled', 'AbortError');
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/**
 * Perfusion maps of `volume` on `workerCount` workers made by `spawn`, the same steps and maps as
 * the single-thread perfusionMaps: (1) when the AIF or VOF is automatic, every slice range is
 * scanned for vessel candidates on the workers and the choice made here (resolveInputs: a few
 * curves); (2) one worker builds the per-table-position models (the SVD); (3) slice ranges are
 * handed out as workers free up, their maps and head moments gathered here. Nothing heavier than
 * copying a slice range (when the volume is not shared) runs on this thread.
 * Resolves once every range is in; on abort, a worker error or a failed worker it terminates
 * every worker and rejects, never returning partial maps.
 */
export function runPerfusionPool(
  volume: PerfusionVolume,
  options: PerfusionOptions,
  control: PerfusionControl,
  spawn: () => PerfusionWorker,
  workerCount: number,
): Promise<PerfusionResult> {
  return new Promise<PerfusionResult>((resolve, reject) => {
    const { signal, onProgress } = control;
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const { data, dims, spacing } = volume;
    const [nx, ny, nz, nt] = dims;
    const sliceSize = nx * ny;
    if (data.length !== sliceSize * nz * nt) {
      reject(new Error(`the volume has ${data.length} values, its dims ${dims.join('×')} say ${sliceSize * nz * nt}`));
      return;
    }
    const workers: PerfusionWorker[] = [];
    for (let i = 0; i < Math.max(1, Math.floor(workerCount)); i++) {
      try {
        workers.push(spawn());
      } catch (err) {
        workers.forEach((w) => w.terminate());
        reject(asError(err));
        return;
      }
    }
    const shared = typeof SharedArrayBuffer !== 'undefined' && data.buffer instanceof SharedArrayBuffer;
    const smoothing = options.smoothing ?? NO_SMOOTHING;
    const units = sliceUnits(options.slabs, nz, workers.length * UNITS_PER_WORKER);
    const scanning = needsCandidates(options);
    const weights = scanning ? { vessels: 0.05, model: 0.02 } : { vessels: 0, model: 0.02 };
    const { maps, mask } = emptyMaps(sliceSize * nz);
    const moments = new Float64Array(4 * nt);
    const candidateLists: InputCandidate[][] = units.map(() => []);
    let inputs: { aif: InputCurve; vof: InputCurve | null };
    let models: PerfusionModel[] = [];
    let record: SlabRecord[] = [];
    let tissueVoxels = 0;
    let settled = false;

    // The requests of the running phase: built when handed out (a copied range exists only while in flight).
    let queue: (() => [PerfusionRequest, ArrayBuffer[]])[] = [];
    let pending = 0;
    const inFlight = new Map<PerfusionWorker, number>();
    let onPhaseDone: () => void = () => undefined;
    /** Request id → its unit (scan and maps requests) and per-unit voxels done (maps). */
    const unitOf = new Map<number, number>();
    const doneByUnit = new Float64Array(units.length);
    let nextId = 0;
    let mapsDone = 0;
    let mapsStart = 0;
    const mapsTotal = sliceSize * nz;
    /**
     * Buffers of ranges already merged into `maps`, handed back with the next range to be filled
     * again: a 512×512 slice's maps are 7 MiB, and a new set per range left the whole maps' size
     * again as garbage on this thread until a GC. Sized for the largest range; at most one set per
     * request in flight.
     */
    const spare: { maps: Record<keyof PerfusionMapSet, ArrayBuffer>; mask: ArrayBuffer }[] = [];
    const largest = Math.max(0, ...units.map((u) => (u.endSlice - u.firstSlice) * sliceSize));
    const outFor = (count: number): [{ maps: PerfusionMapSet; mask: Uint8Array }, ArrayBuffer[]] => {
      const set = spare.pop() ?? { maps: Object.fromEntries(PERFUSION_KEYS.map((k) => [k, new ArrayBuffer(largest * 4)])) as Record<keyof PerfusionMapSet, ArrayBuffer>, mask: new ArrayBuffer(largest) };
      const maps = Object.fromEntries(PERFUSION_KEYS.map((k) => [k, new Float32Array(set.maps[k], 0, count)])) as PerfusionMapSet;
      return [{ maps, mask: new Uint8Array(set.mask, 0, count) }, [...PERFUSION_KEYS.map((k) => set.maps[k]), set.mask]];
    };

    const settle = (err: Error | null, result?: PerfusionResult): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of workers) {
        if (err === null && w.release) w.release();
        else w.terminate();
      }
      if (err) reject(err);
      else resolve(result!);
    };
    const onAbort = (): void => settle(abortError());
    signal?.addEventListener('abort', onAbort);

    const report = (phase: PerfusionProgress['phase'], fraction: number, etaSeconds: number | null): void => {
      onProgress?.({ phase, fraction: Math.min(1, Math.max(0, fraction)), etaSeconds });
    };
    const reportMaps = (): void => {
      const f = mapsDone / mapsTotal;
      const elapsed = (performance.now() - mapsStart) / 1000;
      report('maps', weights.vessels + weights.model + (1 - weights.vessels - weights.model) * f, f > 0 ? (elapsed * (1 - f)) / f : null);
    };
    /** Keeps `w` busy: two requests queued while more remain than workers, then one at a time. */
    const feed = (w: PerfusionWorker): void => {
      const cap = queue.length > workers.length ? 2 : 1;
      while (queue.length > 0 && (inFlight.get(w) ?? 0) < cap) {
        const [req, transfer] = queue.shift()!();
        inFlight.set(w, (inFlight.get(w) ?? 0) + 1);
        w.post(req, transfer);
      }
    };
    const runPhase = (jobs: (() => [PerfusionRequest, ArrayBuffer[]])[], then: () => void): void => {
      queue = jobs;
      pending = jobs.length;
      onPhaseDone = then;
      for (const w of workers) feed(w);
    };
    /** The view a worker gets of a unit: the shared volume, or the unit's slices copied (transferred). */
    const viewOf = (u: Unit): [SliceRangeView & { data: Float32Array }, ArrayBuffer[]] => {
      if (shared) return [{ ...wholeVolumeView(data, dims, u.firstSlice, u.endSlice), data }, []];
      const copy = copySliceRange(data, dims, u.firstSlice, u.endSlice);
      return [{ ...copiedView(copy, dims, u.firstSlice, u.endSlice), data: copy }, [copy.buffer as ArrayBuffer]];
    };

    const scanPhase = (): void => {
      report('vessels', 0, null);
      runPhase(
        units.map((u, n) => () => {
          const id = nextId++;
          unitOf.set(id, n);
          const [view, transfer] = viewOf(u);
          return [{ type: 'scan', id, view, slabs: options.slabs }, transfer];
        }),
        modelPhase,
      );
    };
    const modelPhase = (): void => {
      try {
        inputs = resolveInputs(data, dims, options, scanning ? mergeCandidates(candidateLists) : null);
      } catch (err) {
        settle(asError(err));
        return;
      }
      report('model', weights.vessels, null);
      const id = nextId++;
      runPhase([() => [{ type: 'models', id, slabs: options.slabs, aif: inputs.aif, vof: inputs.vof, constants: options.constants, smoothing }, []]], mapsPhase);
    };
    const mapsPhase = (): void => {
      mapsStart = performance.now();
      reportMaps();
      runPhase(
        units.map((u, n) => () => {
          const id = nextId++;
          unitOf.set(id, n);
          const [view, transfer] = viewOf(u);
          const [out, outBuffers] = outFor((u.endSlice - u.firstSlice) * sliceSize);
          const spacingMm: [number, number] = [spacing[0], spacing[1]];
          return [{ type: 'maps', id, view, model: models[u.slab], tissue: options.tissue, smoothing, spacingMm, out }, [...transfer, ...outBuffers]];
        }),
        () => {
          report('maps', 1, 0);
          settle(null, { maps, mask, aif: inputs.aif, vof: inputs.vof, slabs: record, tissueVoxels, smoothing, motion: frameMotion(moments, spacing) });
        },
      );
    };

    const onReply = (w: PerfusionWorker, reply: PerfusionReply): void => {
      if (settled) return;
      if (reply.type === 'error') {
        const u = units[unitOf.get(reply.id) ?? -1];
        settle(new Error(`perfusion worker failed${u ? ` on slices ${u.firstSlice}–${u.endSlice - 1}` : ''}: ${reply.message}`));
        return;
      }
      if (reply.type === 'progress') {
        const n = unitOf.get(reply.id)!;
        mapsDone += reply.done - doneByUnit[n];
        doneByUnit[n] = reply.done;
        reportMaps();
        return;
      }
      if (reply.type === 'scan') {
        candidateLists[unitOf.get(reply.id)!] = reply.candidates;
        report('vessels', ((units.length - pending + 1) / units.length) * weights.vessels, null);
      } else if (reply.type === 'models') {
        models = reply.models;
        record = reply.record;
      } else {
        const n = unitOf.get(reply.id)!;
        const at = units[n].firstSlice * sliceSize;
        for (const key of PERFUSION_KEYS) maps[key].set(reply.range.maps[key], at);
        mask.set(reply.range.mask, at);
        const back = reply.range;
        spare.push({ maps: Object.fromEntries(PERFUSION_KEYS.map((k) => [k, back.maps[k].buffer as ArrayBuffer])) as Record<keyof PerfusionMapSet, ArrayBuffer>, mask: back.mask.buffer as ArrayBuffer });
        tissueVoxels += reply.range.tissueVoxels;
        addMoments(moments, reply.moments);
        const size = (units[n].endSlice - units[n].firstSlice) * sliceSize;
        mapsDone += size - doneByUnit[n];
        doneByUnit[n] = size;
        reportMaps();
      }
      unitOf.delete(reply.id);
      inFlight.set(w, (inFlight.get(w) ?? 1) - 1);
      pending--;
      if (pending === 0) onPhaseDone();
      else feed(w);
    };
    for (const w of workers) {
      w.onFailure((err) => settle(err));
      w.onReply((reply) => onReply(w, reply));
    }
    if (scanning) scanPhase();
    else modelPhase();
  });
}
