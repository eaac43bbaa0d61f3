import { headMoments } from '../core/perfusion/frameMotion';
import { inputCandidates, type InputCandidate } from '../core/perfusion/inputCandidates';
import type { InputCurve } from '../core/perfusion/inputCurve';
import type { PerfusionModel } from '../core/perfusion/perfusionModel';
import { perfusionModels, type SlabRecord } from '../core/perfusion/perfusionModels';
import { PERFUSION_KEYS, perfusionRange, type PerfusionMapSet, type RangeMaps } from '../core/perfusion/perfusionRange';
import type { Slab } from '../core/perfusion/slabOfSlice';
import type { SliceRangeView } from '../core/perfusion/sliceRangeView';
import type { PerfusionSmoothing } from '../core/perfusion/smoothing';
import type { TissueWindow } from '../core/perfusion/tissueMask';
import type { PerfusionConstants } from '../core/perfusion/types';
import { perfusionSimdKernel } from '../wasm/perfusionKernel';

/**
 * Messages between the perfusion pool and its workers (browser Worker or Node worker_threads alike).
 * A slice range travels as a SliceRangeView whose `data` is either the whole volume on a
 * SharedArrayBuffer (read in place) or the range's own copy (transferred).
 * `id` numbers the requests of one computation; replies carry it back.
 */
export type PerfusionRequest =
  /** Vessel candidates of a slice range (for the automatic AIF/VOF). */
  | { type: 'scan'; id: number; view: SliceRangeView & { data: Float32Array }; slabs: readonly Slab[] }
  /** The models of every table position (the SVD: kept off the pool's thread). */
  | { type: 'models'; id: number; slabs: readonly Slab[]; aif: InputCurve; vof: InputCurve | null; constants: PerfusionConstants; smoothing: PerfusionSmoothing }
  /** Maps of a slice range within one table position, and the head's moments there. */
  | {
      type: 'maps';
      id: number;
      view: SliceRangeView & { data: Float32Array };
      model: PerfusionModel;
      tissue: TissueWindow | undefined;
      smoothing: PerfusionSmoothing;
      spacingMm: [number, number] | undefined;
      /** Arrays of the range's voxels to write the maps into (transferred, and transferred back in the reply). */
      out: { maps: PerfusionMapSet; mask: Uint8Array };
    };

export type PerfusionReply =
  | { type: 'scan'; id: number; candidates: InputCandidate[] }
  | { type: 'models'; id: number; models: PerfusionModel[]; record: SlabRecord[] }
  | { type: 'progress'; id: number; done: number }
  | { type: 'maps'; id: number; range: RangeMaps; moments: Float64Array }
  | { type: 'error'; id: number; message: string };

export type PerfusionReplyPoster = (reply: PerfusionReply, transfer: ArrayBuffer[]) => void;

/** The buffers of a range's maps, to transfer rather than copy. */
function rangeTransferables(range: RangeMaps, moments: Float64Array): ArrayBuffer[] {
  return [...PERFUSION_KEYS.map((k) => range.maps[k].buffer as ArrayBuffer), range.mask.buffer as ArrayBuffer, moments.buffer as ArrayBuffer];
}

/**
 * Runs one request on this thread (all maths in src/core/perfusion) and posts its reply, or its
 * error. The deconvolution runs on the WebAssembly SIMD kernel where this thread can instantiate it.
 */
export function handlePerfusionRequest(req: PerfusionRequest, post: PerfusionReplyPoster): void {
  try {
    if (req.type === 'scan') {
      post({ type: 'scan', id: req.id, candidates: inputCandidates(req.view, req.slabs) }, []);
    } else if (req.type === 'models') {
      const { models, record } = perfusionModels(req.slabs, req.aif, req.vof, req.constants, req.smoothing);
      post({ type: 'models', id: req.id, models, record }, []);
    } else {
      const range = perfusionRange(req.view, req.model, {
        tissue: req.tissue,
        smoothing: req.smoothing,
        spacingMm: req.spacingMm,
        osvdKernel: perfusionSimdKernel(),
        out: req.out,
        onProgress: (done) => post({ type: 'progress', id: req.id, done }, []),
      });
      const moments = headMoments(req.view);
      post({ type: 'maps', id: req.id, range, moments }, rangeTransferables(range, moments));
    }
  } catch (err) {
    post({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) }, []);
  }
}
