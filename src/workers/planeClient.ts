import type { Plane, ScalarVolume } from '../core/measure/types';
import { handlePlaneRequest, type PlaneReply, type PlaneRequest } from './planeProtocol';

/**
 * Estimates the mid-sagittal plane (LPS mm, unit normal) of a b0 volume within its brain mask off
 * the main thread: one module worker per estimate (it runs once per fit, so no worker is kept
 * idle), terminated when it answers. The volume and mask are copied to the worker, not
 * transferred: the fit keeps using them. Where there are no Web Workers (unit tests under Node)
 * the same core function runs inline.
 */
export function estimatePlaneOffThread(volume: ScalarVolume, mask: Uint8Array): Promise<Plane> {
  const request: PlaneRequest = { volume, mask };
  if (typeof Worker === 'undefined') return Promise.resolve(handlePlaneRequest(request)).then(unwrap);
  return new Promise<Plane>((resolve, reject) => {
    const worker = new Worker(new URL('./planeWorker.ts', import.meta.url), { type: 'module' });
    const done = () => worker.terminate();
    worker.onmessage = (event: MessageEvent<PlaneReply>) => {
      done();
      try {
        resolve(unwrap(event.data));
      } catch (error) {
        reject(error);
      }
    };
    worker.onerror = (event) => {
      done();
      reject(new Error(`plane worker error: ${event.message || 'failed to load'}`));
    };
    worker.postMessage(request);
  });
}

function unwrap(reply: PlaneReply): Plane {
  if (!reply.ok) throw new Error(`mid-sagittal plane estimate failed: ${reply.message}`);
  return reply.plane;
}
