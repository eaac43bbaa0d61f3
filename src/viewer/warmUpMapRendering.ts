import { Enums } from '@cornerstonejs/core';
import { createDtiMaps } from '../core/dti/assembleMaps';
import type { DtiResult } from '../state/dtiStore';
import { DEFAULT_LAYER } from '../state/viewportStore';
import { initCornerstone } from './initCornerstone';
import { MapController } from './MapController';

/** Synthetic maps' grid (voxels) and the longest wait for their first frame (ms). */
const DIMS: [number, number, number] = [16, 16, 4];
const FRAME_TIMEOUT_MS = 3000;

/**
 * Shows a small synthetic FA map once, in a viewport off screen, the way the first real map will be
 * shown (MapController, default layer), waits for its frame and removes it. The first real map then
 * finds the volume shader compiled and linked (vtk caches programs per WebGL context, and every
 * volume viewport of the engine uses its first context) and the viewer's code already run: measured
 * in headless Chromium (SwiftShader), the first map's set-up and draw took ~0.18 s cold and
 * 0.07–0.12 s once a map had been shown. Generation 0: real fits count from 1, and building their
 * volumes releases this one's. Resolves when done; failures are swallowed (the real map then just
 * pays for its own first draw).
 */
export async function warmUpMapRendering(): Promise<void> {
  const element = document.createElement('div');
  // Laid out (Cornerstone sizes its canvas from the element), but off screen and out of the way.
  element.style.cssText = 'position:fixed;left:-10000px;top:0;width:64px;height:64px;pointer-events:none';
  element.setAttribute('aria-hidden', 'true');
  document.body.append(element);
  let controller: MapController | null = null;
  try {
    const engine = await initCornerstone();
    controller = new MapController(engine, 'warm-up-map', element, () => undefined, () => undefined);
    const drawn = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, FRAME_TIMEOUT_MS);
      element.addEventListener(Enums.Events.IMAGE_RENDERED, () => (clearTimeout(timer), resolve()), { once: true });
    });
    await controller.show(syntheticResult(), DEFAULT_LAYER);
    await drawn;
  } catch {
    // Nothing to warm where rendering fails; the real viewport reports its own errors.
  } finally {
    controller?.destroy();
    element.remove();
  }
}

/** A fit result of DIMS voxels, 2 mm isotropic, FA a ramp over [0, 1). */
function syntheticResult(): DtiResult {
  const nvox = DIMS[0] * DIMS[1] * DIMS[2];
  const maps = createDtiMaps(DIMS, [2, 2, 2], [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1], new Uint8Array(nvox).fill(1));
  for (let v = 0; v < nvox; v++) maps.scalars.fa[v] = v / nvox;
  return {
    generation: 0,
    seriesUID: 'warm-up',
    frameOfReferenceUID: null,
    estimator: 'wls',
    fitId: 'fit-warm-up',
    maskThreshold: 1,
    bValues: [0, 1000],
    fittedAt: new Date(0).toISOString(),
    maps,
    b0: new Float32Array(nvox).fill(1),
    seconds: { assemble: 0, fit: 0 },
  };
}
