import { fitSlab, type SlabInput } from '../core/dti/fitSlab';
import { slabTransferables, type SlabMaps } from '../core/dti/slabMaps';

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

export type FitSlabReply =
  | { type: 'progress'; slabId: number; done: number }
  | { type: 'result'; slabId: number; maps: SlabMaps }
  | { type: 'error'; slabId: number; message: string };

/** Posts a reply, with the buffers to transfer rather than copy. */
export type ReplyPoster = (reply: FitSlabReply, transfer: ArrayBuffer[]) => void;

/** Runs one slab request and posts progress, then the result (buffers transferred) or the error. */
export function handleFitSlabRequest(req: FitSlabRequest, post: ReplyPoster): void {
  try {
    const maps = fitSlab(req, (done) => post({ type: 'progress', slabId: req.slabId, done }, []));
    post({ type: 'result', slabId: req.slabId, maps }, slabTransferables(maps));
  } catch (err) {
    post({ type: 'error', slabId: req.slabId, message: err instanceof Error ? err.message : String(err) }, []);
  }
}
