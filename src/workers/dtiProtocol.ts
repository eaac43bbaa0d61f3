import { brainMask } from '../core/dti/brainMask';
import { brainMaskOfB0Simd, brainMaskSimd } from '../core/dti/brainMaskSimd';
import { maskRuns } from '../core/dti/maskRuns';
import { meanB0 } from '../core/dti/meanB0';
import { signalFloor } from '../core/dti/minPositiveSignal';
import { fitSlab, type SlabInput } from '../core/dti/fitSlab';
import { fitSlabSimd } from '../core/dti/fitSlabSimd';
import { packSlabRuns, slabTransferables, type SlabMaps } from '../core/dti/slabMaps';
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
  /**
   * With minSignal NaN (a shared volume): the whole volume's brain mask, on a SharedArrayBuffer. The
   * floor is the smallest positive fitted signal within it (signalFloor). The SIMD kernel leaves it
   * to the pool (the result's `pendingFloor`); the JavaScript kernel finds it here, once per fit
   * (`fitId`) and thread, and reports it as the slab's `pendingFloor.minPositive` with no voxel waiting.
   */
  floorMask?: Uint8Array;
  fitId?: number;
}

/**
 * The brain mask from the mean b0 (see brainMask), computed on a worker: its code is already
 * optimised there when the worker was warmed up or used before (a process's first mask on the
 * pool's own thread runs cold, ~3× slower), and the UI thread stays free. slabId is −1.
 */
export interface MaskRequest {
  type: 'mask';
  slabId: -1;
  /** The mean b0 (signal units); empty when `b0Of` is given. */
  meanB0: Float32Array;
  /**
   * For a volume on a SharedArrayBuffer: its signals and b0 volume indices, the mean b0 being made
   * here from them (on warm code, and not on the pool's thread).
   */
  b0Of?: { signals: Float32Array; b0Volumes: Int32Array };
  dims: [number, number, number];
  factor: number;
}

export type DtiRequest = FitSlabRequest | MaskRequest;

export type FitSlabReply =
  | { type: 'progress'; slabId: number; done: number }
  | { type: 'result'; slabId: number; maps: SlabMaps }
  | { type: 'mask'; slabId: -1; mask: Uint8Array }
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
      const [nx, ny, nz] = req.dims;
      const simd = dtiSimdKernel();
      let mask: Uint8Array;
      if (simd) mask = req.b0Of ? brainMaskOfB0Simd(simd, req.b0Of.signals, req.b0Of.b0Volumes, req.dims, req.factor) : brainMaskSimd(simd, req.meanB0, req.dims, req.factor);
      else mask = brainMask(req.b0Of ? meanB0(req.b0Of.signals, nx * ny * nz, req.b0Of.b0Volumes) : req.meanB0, req.dims, req.factor);
      post({ type: 'mask', slabId: -1, mask }, [mask.buffer as ArrayBuffer]);
      return;
    }
    const progress = (done: number): void => post({ type: 'progress', slabId: req.slabId, done }, []);
    const simd = dtiSimdKernel();
    const deferred = req.floorMask !== undefined && Number.isNaN(req.minSignal);
    let maps: SlabMaps;
    // A masked slab (of a shared volume) goes back packed: its fitted voxels only, in mask-run order.
    if (simd) maps = fitSlabSimd(simd, req, progress, deferred, req.mask !== null);
    else {
      maps = fitSlab(req, progress, deferred ? () => deferredFloor(req) : undefined);
      if (deferred) maps.pendingFloor = { minPositive: deferredFloor(req), voxels: new Int32Array(0) };
      if (req.mask) maps = packSlabRuns(maps, maskRuns(req.mask));
    }
    post({ type: 'result', slabId: req.slabId, maps }, slabTransferables(maps));
  } catch (err) {
    post({ type: 'error', slabId: req.slabId, message: err instanceof Error ? err.message : String(err) }, []);
  }
}

/** This thread's floor of the current fit (FitSlabRequest.floorMask), once found. */
let floorOfFit: { fitId: number | undefined; floor: number } | null = null;

/** The floor of a shared volume's fit, from its whole mask, found once per fit on this thread. */
function deferredFloor(req: FitSlabRequest): number {
  if (floorOfFit?.fitId !== req.fitId || floorOfFit === null) {
    floorOfFit = { fitId: req.fitId, floor: signalFloor(req.signals, req.volumeStride, req.scheme.volumes, maskRuns(req.floorMask!)) };
  }
  return floorOfFit.floor;
}
