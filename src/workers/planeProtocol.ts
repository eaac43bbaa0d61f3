import type { Plane, ScalarVolume } from '../core/measure/types';
import { estimateMidSagittalPlane } from '../core/mirror/estimateMidSagittalPlane';

/**
 * Messages between the renderer and the mid-sagittal plane worker: one request (a b0 volume in
 * signal units with its brain mask on the same grid, affine voxel → LPS mm), one reply (the plane
 * in LPS mm with a unit normal, or the error text).
 */
export interface PlaneRequest {
  volume: ScalarVolume;
  mask: Uint8Array;
}

export type PlaneReply = { ok: true; plane: Plane } | { ok: false; message: string };

/** Runs one request; never throws, so a failed estimate reaches the caller as a reply. */
export function handlePlaneRequest(req: PlaneRequest): PlaneReply {
  try {
    return { ok: true, plane: estimateMidSagittalPlane(req.volume, { mask: req.mask }) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
