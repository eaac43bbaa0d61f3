import { describe, expect, it } from 'vitest';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { planPerfusion } from '../../../src/core/dicom/timing/planPerfusion';
import { perfusionMaps, type PerfusionResult } from '../../../src/core/perfusion/perfusionMaps';
import { assembleVolume } from '../../../src/core/volume/assembleVolume';
import { writeDicom } from '../../fixtures/dicomWriter';
import { twoPhaseTimes } from '../../fixtures/perfusionCurves';
import { PHANTOM_TISSUES, perfusionPhantom } from '../../fixtures/perfusionPhantom';
import { ctpSeriesImages, type CtpTagging } from '../../fixtures/syntheticCtp';
import { memorySource } from '../pixels/nodeFiles';

const UNIT = { hematocritFactor: 1, density: 1, oscillationIndex: 0.095 };
/** 1 s frames to 44 s, then every 4 s to 120 s: irregular, as two-phase protocols are. */
const TIMES = twoPhaseTimes(1, 45, 4, 120);

async function mapsOf(tagging: CtpTagging): Promise<{ times: number[]; result: PerfusionResult }> {
  const images = ctpSeriesImages({ dims: [8, 8, 2], spacing: [2, 2, 5], origin: [-7, -7, 20], times: [TIMES], hu: perfusionPhantom(TIMES), tagging });
  const files = images.map((im) => memorySource(im.name, writeDicom(im.elements)));
  const series = (await indexFiles(files)).patients[0].studies[0].series[0];
  const { plan, slabs } = planPerfusion(series);
  const volume = await assembleVolume(plan, new Map(files.map((f) => [f.path, f])), createFrameDecoder());
  return { times: slabs[0].times, result: perfusionMaps({ data: volume.data, dims: volume.dims, slabs, constants: UNIT }) };
}

describe('CT perfusion DICOM → maps, both tagging styles', () => {
  it('Acquisition Number/Time and Temporal Position/Trigger Time give the same times and maps, near the truth', async () => {
    const a = await mapsOf('acquisition-time');
    const b = await mapsOf('temporal-position');
    a.times.forEach((t, i) => {
      expect(t).toBeCloseTo(TIMES[i], 5);
      expect(b.times[i]).toBeCloseTo(TIMES[i], 5);
    });
    expect(b.result.aif.voxel).toBe(a.result.aif.voxel);
    expect(b.result.vof?.voxel).toBe(a.result.vof?.voxel);
    expect(Array.from(b.result.mask)).toEqual(Array.from(a.result.mask));
    for (const key of ['cbf', 'cbv', 'mtt', 'tmax', 'ttp', 'ps'] as const) {
      a.result.maps[key].forEach((v, n) => expect(b.result.maps[key][n]).toBeCloseTo(v, 3));
    }
    PHANTOM_TISSUES.forEach((tissue, row) => {
      const v = 4 + 8 * (row + 2) + 64;
      expect(Math.abs(a.result.maps.cbf[v] - tissue.cbf)).toBeLessThanOrEqual(15 + 0.1 * tissue.cbf);
      expect(Math.abs(a.result.maps.ps[v] - tissue.ps)).toBeLessThanOrEqual(0.5 + 0.1 * tissue.ps);
    });
  });
});
