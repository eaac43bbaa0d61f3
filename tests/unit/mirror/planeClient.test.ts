import { describe, expect, it } from 'vitest';
import type { ScalarVolume } from '../../../src/core/measure/types';
import { estimatePlaneOffThread } from '../../../src/workers/planeClient';
import { handlePlaneRequest } from '../../../src/workers/planeProtocol';

/**
 * The plane worker's adapter and client (Node has no Web Worker: the client runs the same
 * handler inline). A 2 mm grid, 30 × 24 × 6 voxels, whose image is symmetric about x = 6 mm
 * (voxel centres x = −29 + 2i), with structure along x so the plane is well defined.
 */
const dims: [number, number, number] = [30, 24, 6];
const affine = [2, 0, 0, -29, 0, 2, 0, -23, 0, 0, 2, -5, 0, 0, 0, 1];

function symmetricAbout(x0: number): { volume: ScalarVolume; mask: Uint8Array } {
  const n = dims[0] * dims[1] * dims[2];
  const data = new Float32Array(n);
  const mask = new Uint8Array(n);
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++) {
        const x = -29 + 2 * i - x0;
        const y = -23 + 2 * j;
        if ((x / 22) ** 2 + (y / 20) ** 2 > 1) continue;
        const v = (k * dims[1] + j) * dims[0] + i;
        mask[v] = 1;
        data[v] = 600 + 250 * Math.cos(x / 5) + 80 * Math.sin(y / 6);
      }
  return { volume: { dims, affine, data }, mask };
}

describe('mid-sagittal plane worker adapter', () => {
  it('answers a request with the plane x = 6 mm (unit normal along L–R)', async () => {
    const request = symmetricAbout(6);
    const reply = handlePlaneRequest(request);
    expect(reply.ok).toBe(true);
    const plane = await estimatePlaneOffThread(request.volume, request.mask);
    expect(Math.abs(plane.normal[0])).toBeGreaterThan(Math.cos((1 * Math.PI) / 180));
    // Distance of the point (6, 0, 0) from the plane: zero within 0.25 mm.
    const d = (6 - plane.origin[0]) * plane.normal[0] - plane.origin[1] * plane.normal[1] - plane.origin[2] * plane.normal[2];
    expect(Math.abs(d)).toBeLessThan(0.25);
  });

  it('a failed estimate comes back as a reply (no throw in the worker) and rejects in the client', async () => {
    const { volume } = symmetricAbout(0);
    const broken = { volume, mask: new Uint8Array(0) };
    expect(handlePlaneRequest(broken)).toEqual({ ok: false, message: 'mask has 0 voxels, the image 4320' });
    await expect(estimatePlaneOffThread(broken.volume, broken.mask)).rejects.toThrow('mid-sagittal plane estimate failed: mask has 0 voxels');
    // An empty brain mask: nothing to match.
    await expect(estimatePlaneOffThread(volume, new Uint8Array(volume.data.length))).rejects.toThrow('no head voxels');
  });
});
