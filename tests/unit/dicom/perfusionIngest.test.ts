import { describe, expect, it } from 'vitest';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { DicomError } from '../../../src/core/dicom/errors';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { dicomDateTimeSeconds } from '../../../src/core/dicom/timing/dicomDateTimeSeconds';
import { dicomTimeSeconds } from '../../../src/core/dicom/timing/dicomTimeSeconds';
import { planPerfusion } from '../../../src/core/dicom/timing/planPerfusion';
import type { SeriesEntry } from '../../../src/core/dicom/types';
import { assembleVolume } from '../../../src/core/volume/assembleVolume';
import { writeDicom } from '../../fixtures/dicomWriter';
import { ctpSeriesImages, type CtpImage, type CtpSeriesSpec } from '../../fixtures/syntheticCtp';
import { memorySource } from '../pixels/nodeFiles';

/** 1 s frames, then 3 s: irregular on purpose. */
const TIMES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 18, 21];
const hu = (i: number, j: number, k: number, t: number): number => 30 + i + 10 * j + 100 * k + 7.3 * t;

function spec(tagging: CtpSeriesSpec['tagging'], times: number[][] = [TIMES]): CtpSeriesSpec {
  return { dims: [4, 3, 4], spacing: [2, 2, 5], origin: [-4, -3, 10], times, hu, tagging };
}

async function indexed(images: CtpImage[]): Promise<{ series: SeriesEntry; files: Map<string, ReturnType<typeof memorySource>> }> {
  const files = images.map((im) => memorySource(im.name, writeDicom(im.elements)));
  const index = await indexFiles(files);
  const series = index.patients[0].studies[0].series[0];
  return { series, files: new Map(files.map((f) => [f.path, f])) };
}

describe('DICOM time values', () => {
  it('reads TM and DT as seconds', () => {
    expect(dicomTimeSeconds('101503.250000')).toBeCloseTo(36903.25, 9);
    expect(dicomTimeSeconds('1015')).toBe(36900);
    expect(dicomTimeSeconds('10:15:03')).toBe(36903);
    expect(dicomTimeSeconds('')).toBeNull();
    expect(dicomTimeSeconds('25')).toBeNull();
    expect(dicomDateTimeSeconds('20240408101503.5+0200')).toBeCloseTo(Date.UTC(2024, 3, 8, 10, 15, 3) / 1000 + 0.5, 6);
    expect(dicomDateTimeSeconds('2024')).toBeNull();
  });
});

describe('CT perfusion series: frame times and 4D assembly', () => {
  for (const tagging of ['acquisition-time', 'temporal-position'] as const) {
    it(`${tagging}: irregular times read as written, every slice in time order, HU restored`, async () => {
      const { series, files } = await indexed(ctpSeriesImages(spec(tagging)));
      expect(series.kind).toBe('ctp');
      const { plan, slabs, timeSource } = planPerfusion(series);
      expect(timeSource).toBe(tagging === 'acquisition-time' ? 'acquisition-time' : 'trigger-time');
      expect(slabs).toHaveLength(1);
      expect(slabs[0].firstSlice).toBe(0);
      expect(slabs[0].endSlice).toBe(4);
      slabs[0].times.forEach((t, i) => expect(t).toBeCloseTo(TIMES[i], 5));
      const volume = await assembleVolume(plan, files, createFrameDecoder());
      expect(volume.dims).toEqual([4, 3, 4, TIMES.length]);
      for (const [i, j, k, t] of [[0, 0, 0, 0], [3, 2, 1, 5], [1, 1, 3, 13], [2, 0, 2, 10]]) {
        expect(volume.data[((t * 4 + k) * 3 + j) * 4 + i]).toBeCloseTo(hu(i, j, k, TIMES[t]), 1);
      }
    });
  }

  it('two table positions (shuttle mode) keep their own frame times', async () => {
    const other = TIMES.map((t) => t + 0.6);
    const { series } = await indexed(ctpSeriesImages(spec('acquisition-time', [TIMES, other])));
    const { slabs } = planPerfusion(series);
    expect(slabs.map((s) => [s.firstSlice, s.endSlice])).toEqual([[0, 2], [2, 4]]);
    slabs[1].times.forEach((t, i) => expect(t).toBeCloseTo(other[i], 5));
  });

  it('a missing frame is named with its slice, the series with its number and description', async () => {
    const images = ctpSeriesImages(spec('temporal-position')).filter((im) => !(im.k === 2 && im.t === 7));
    const { series } = await indexed(images);
    expect(() => planPerfusion(series)).toThrow(DicomError);
    expect(() => planPerfusion(series)).toThrow(/series 4 "CT PERFUSION 5mm": the slice at 20\.00 mm .* 13 images where others have 14: a frame is missing/);
  });

  it('a series without usable times is refused with the reason', async () => {
    const images = ctpSeriesImages(spec('temporal-position'));
    for (const im of images) delete im.elements.TriggerTime;
    const { series } = await indexed(images);
    expect(() => planPerfusion(series)).toThrow(/series 4 "CT PERFUSION 5mm": no usable frame times/);
  });

  it('frames of different geometry are refused, naming the series', async () => {
    const images = ctpSeriesImages(spec('acquisition-time'));
    images[5].elements.ImageOrientationPatient = [1, 0, 0, 0, 0.8, 0.6];
    const { series } = await indexed(images);
    expect(() => planPerfusion(series)).toThrow(/series 4 "CT PERFUSION 5mm": images have different orientations/);
  });
});
