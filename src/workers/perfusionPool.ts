import type { PerfusionResult } from '../core/perfusion/perfusionMaps';
import type { PerfusionOptions } from '../core/perfusion/perfusionOptions';
import type { PerfusionReply } from './perfusionProtocol';
import { runPerfusionPool, type PerfusionControl, type PerfusionVolume, type PerfusionWorker } from './perfusionRun';

export type { PerfusionOptions } from '../core/perfusion/perfusionOptions';
export type { PerfusionControl, PerfusionProgress, PerfusionVolume } from './perfusionRun';

/** The maps and everything used to make them (the record's provenance): see PerfusionResult. */
export type PerfusionMapsResult = PerfusionResult;

/** Workers of a finished computation, kept for the next one (module already loaded, code optimised). */
const idle: Worker[] = [];

/** One computation's view of a module worker running perfusionWorker.ts; its listeners go on release. */
function spawnBrowserWorker(): PerfusionWorker {
  const worker = idle.pop() ?? new Worker(new URL('./perfusionWorker.ts', import.meta.url), { type: 'module' });
  const listeners = new AbortController();
  const { signal } = listeners;
  let held = true;
  return {
    post: (req, transfer) => worker.postMessage(req, transfer),
    onReply: (cb) => worker.addEventListener('message', (e: MessageEvent<PerfusionReply>) => cb(e.data), { signal }),
    onFailure: (cb) => {
      worker.addEventListener('error', (e) => cb(new Error(`perfusion worker error: ${e.message || 'failed to load'}`)), { signal });
      worker.addEventListener('messageerror', () => cb(new Error('perfusion worker could not read a message')), { signal });
    },
    terminate: () => {
      held = false;
      listeners.abort();
      worker.terminate();
    },
    release: () => {
      if (!held) return;
      held = false;
      listeners.abort();
      idle.push(worker);
    },
  };
}

/**
 * CT perfusion maps in the renderer, on Web Workers: THE entry the workstation calls.
 *
 * Contract (stable):
 * - `volume`: the CT perfusion series as assembled (a Volume4D fits: `data` HU float32 volume-major,
 *   `dims` [nx, ny, nz, nt], `spacing` mm). Allocated on a SharedArrayBuffer (assembleVolume's
 *   `shared`, in a cross-origin-isolated page) the workers read it in place; otherwise each slice
 *   range is copied to its worker (≈ one slice × frames at a time per worker). Never modified.
 * - `options`: planPerfusion's `slabs` (frame times per table position), `constants` (hematocrit
 *   factor, density, oscillation index), the AIF/VOF as a voxel, a mask or automatic (`vofVoxel: -1`:
 *   no VOF), the tissue window and optional smoothing; see PerfusionOptions.
 * - `control.signal` cancels: workers terminated, the promise rejects with a DOMException named
 *   'AbortError'. `control.onProgress` gets {phase, fraction of the whole 0…1, etaSeconds}.
 * - Resolves with the same maps as the single-thread perfusionMaps (CBF ml/100 g/min, CBV ml/100 g,
 *   MTT s, Tmax s, TTP s, PS ml/100 g/min, Patlak Vb ml/100 g; each nx·ny·nz float32, 0 outside
 *   `mask`), the AIF/VOF curves used, per-table-position preprocessing, smoothing and head motion.
 *   Rejects with an Error saying why (no arterial input, a mask of the wrong size, a worker failure).
 * - `workers`: how many (default navigator.hardwareConcurrency, at least 1). The UI thread only
 *   dispatches, gathers and (unshared volume) copies one slice range per request.
 */
export function computePerfusionInWorkers(
  volume: PerfusionVolume,
  options: PerfusionOptions,
  control: PerfusionControl = {},
  workers = navigator.hardwareConcurrency || 1,
): Promise<PerfusionMapsResult> {
  return runPerfusionPool(volume, options, control, spawnBrowserWorker, Math.max(1, workers));
}
