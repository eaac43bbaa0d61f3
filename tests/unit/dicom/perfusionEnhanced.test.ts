import { describe, expect, it } from 'vitest';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { planPerfusion } from '../../../src/core/dicom/timing/planPerfusion';
import { el, memFile, mrElements, part10, type El } from './dicomBytes';

/** Per-frame acquisition times (s after 10:15:00), irregular; written in an order that is not time order. */
const TIMES = [0, 1.2, 2.4, 3.6, 8, 14.5];
const ORDER = [3, 0, 5, 1, 4, 2];

describe('enhanced CT perfusion object', () => {
  it('takes each frame time from its FrameContentSequence date-time, before any file-level tag', async () => {
    const frame = (z: number, t: number): El[] => {
      const s = 36900 + TIMES[t];
      const hhmmss = `1015${String(Math.floor(s - 36900)).padStart(2, '0')}.${String(Math.round((s % 1) * 1e6)).padStart(6, '0')}`;
      return [
        el(0x0020, 0x9111, 'SQ', { sq: [[el(0x0018, 0x9074, 'DT', `20240408${hhmmss}`), el(0x0020, 0x9128, 'UL', new Uint8Array(new Uint32Array([t + 1]).buffer))]] }),
        el(0x0020, 0x9113, 'SQ', { sq: [[el(0x0020, 0x0032, 'DS', `0\\0\\${z}`)]] }),
      ];
    };
    const shared: El[] = [
      el(0x0020, 0x9116, 'SQ', { sq: [[el(0x0020, 0x0037, 'DS', '1\\0\\0\\0\\1\\0')]] }),
      el(0x0028, 0x9110, 'SQ', { sq: [[el(0x0028, 0x0030, 'DS', '1.5\\1.5'), el(0x0018, 0x0050, 'DS', '5')]] }),
    ];
    const frames = ORDER.flatMap((t) => [frame(0, t), frame(5, t)]);
    const base = mrElements({ instance: 1, position: [0, 0, 0], imageType: 'ORIGINAL\\PRIMARY\\AXIAL' })
      .filter((e) => !(e.tag[0] === 0x0020 && [0x0032, 0x0037].includes(e.tag[1])) && !(e.tag[0] === 0x0008 && e.tag[1] === 0x0060))
      .filter((e) => !(e.tag[0] === 0x7fe0));
    const elements = [
      ...base,
      el(0x0008, 0x0032, 'TM', '101500'), // a file-level Acquisition Time: the per-frame times must win
      el(0x0008, 0x0060, 'CS', 'CT'),
      el(0x0028, 0x0008, 'IS', String(frames.length)),
      el(0x5200, 0x9229, 'SQ', { sq: [shared] }),
      el(0x5200, 0x9230, 'SQ', { sq: frames }),
      el(0x7fe0, 0x0010, 'OW', new Uint8Array(4 * 4 * 2 * frames.length)),
    ].sort((a, b) => a.tag[0] - b.tag[0] || a.tag[1] - b.tag[1]);
    const index = await indexFiles([memFile('enhanced-ctp', part10(elements))]);
    expect(index.skipped).toEqual([]);
    const series = index.patients[0].studies[0].series[0];
    expect(series.kind).toBe('ctp');
    const { plan, slabs, timeSource } = planPerfusion(series);
    expect(timeSource).toBe('frame-datetime');
    expect(plan.dims).toEqual([4, 4, 2, TIMES.length]);
    slabs[0].times.forEach((t, i) => expect(t).toBeCloseTo(TIMES[i], 6));
    // volume t holds the frames written for time t, whatever their order in the file
    plan.volumes.forEach((v, t) => expect(v.slices.map((f) => f.frameIndex)).toEqual([2 * ORDER.indexOf(t), 2 * ORDER.indexOf(t) + 1]));
  });
});
