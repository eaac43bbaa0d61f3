/**
 * Browser Web Worker entry for the mid-sagittal plane estimate (a ~1 s search that would freeze
 * the viewer on the main thread). Spawned per estimate by planeClient.ts as a module worker.
 */
import { handlePlaneRequest, type PlaneRequest } from './planeProtocol';

self.onmessage = (event: MessageEvent<PlaneRequest>) => {
  self.postMessage(handlePlaneRequest(event.data));
};
