import { brainMask } from '../core/dti/brainMask';
import { maskRuns } from '../core/dti/maskRuns';
import { minPositiveSignal } from '../core/dti/minPositiveSignal';
import { fitSlab, type SlabInput } from '../core/dti/fitSlab';
import { fitSlabSimd } from '../core/dti/fitSlabSimd';
import { slabTransferables, type SlabMaps } from '../core/dti/slabMaps';
import { dtiSimdKernel } from '../wasm/dtiKernel';

/**
 * Messages between a DTI pool and its workers (browser Worker or Node worker_threads alike).
 * A request carries one slab: either its masked voxels' fitted signals packed together (copied,
 * transferred; the scheme's rows renumbered 0…m−1, no mask) or a view of the whole volume on a
 * SharedArrayBuffer with a voxel range and its mask (no copy); see SlabInput for the layout.
 */
export interface FitSlabRequest extends SlabInput {
  type: 'fit';
  slabId: number;
}

/**
 * The brain mask from the mean b0 (see brainMask), computed on a worker: its code is already
 * optimised there when the worker was warmed up or used before (a process's first mask on the
 * pool's own thread runs cold, ~3× slower), and the UI thread stays free. slabId is −1.
 */
export interface MaskRequest {
  type: 'mask';
  slabId: -1;
  meanB0: Float32Array;
  dims: [number, number, number];
  factor: number;
  /**
   * When the volume is on a SharedArrayBuffer: its signals and the fitted volumes, so the worker
   * also finds the signal floor within the new mask (minPositiveSignal) while the pool's thread
   * allocates the maps, instead of the pool doing it after the mask arrives.
   */
  floorOf?: { signals: Float32Array; volumes: Int32Array };
}

export type DtiRequest = FitSlabRequest | MaskRequest;

export type FitSlabReply =
  | { type: 'progress'; slabId: number; done: number }
  | { type: 'result'; slabId: number; maps: SlabMaps }
  | { type: 'mask'; slabId: -1; mask: Uint8Array; minSignal?: number }
  | { type: 'error'; slabId: number; message: string };

/** Posts a reply, with the buffers to transfer rather than copy. */
export type ReplyPoster = (reply: FitSlabReply, transfer: ArrayBuffer[]) => void;

/**
 * Runs one slab request and posts progress, then the result (buffers transferred) or the error;
 * or a mask request, answered with the mask.
 * Every estimator runs on the WebAssembly SIMD kernel when this thread can instantiate it (OLS
 * 1.3×, WLS 2× faster than JavaScript), else on the JavaScript kernel.
 */
export function handleDtiRequest(req: DtiRequest, post: ReplyPoster): void {
  try {
    if (req.type === 'mask') {
      const mask = brainMask(req.meanB0, req.dims, req.factor);
      const floor = req.floorOf;
      const minSignal = floor ? minPositiveSignal(floor.signals, req.meanB0.length, floor.volumes, maskRuns(mask)) : undefined;
      post({ type: 'mask', slabId: -1, mask, minSignal }, [mask.buffer as ArrayBuffer]);
      return;
    }
    const progress = (done: number): void => post({ type: 'progress', slabId: req.slabId, done }, []);
    const simd = dtiSimdKernel();
    const maps = simd ? fitSlabSimd(simd, req, progress) : fitSlab(req, progress);
    post({ type: 'result', slabId: req.slabId, maps }, slabTransferables(maps));
  } catch (err) {
    post({ type: 'error', slabId: req.slabId, message: err instanceof Error ? err.message : String(err) }, []);
  }
}
