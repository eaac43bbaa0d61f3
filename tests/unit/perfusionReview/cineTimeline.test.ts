import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cineDelayMs } from '../../../src/core/perfusionReview/cineRate';
import { frameAtTime } from '../../../src/core/perfusionReview/frameAtTime';
import { sliceFrameTimes } from '../../../src/core/perfusionReview/sliceFrameTimes';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { frameTimeOf } from '../../../src/core/dicom/timing/chooseTimeSource';
import { planPerfusion } from '../../../src/core/dicom/timing/planPerfusion';
import { writeDicom } from '../../fixtures/dicomWriter';
import { ctpSeriesImages } from '../../fixtures/syntheticCtp';
import { memorySource } from '../pixels/nodeFiles';

/** The demo CTP's schedule (twoPhaseTimes(1.5, 45, 5, 120)): every 1.5 s over the first pass (0–43.5 s), then every 5 s to 118.5 s. */
const DEMO = [...Array.from({ length: 30 }, (_, n) => n * 1.5), ...Array.from({ length: 15 }, (_, n) => 48.5 + 5 * n)];

describe('frame of a time on an irregular CT perfusion schedule', () => {
  it('finds each frame at its own time, the nearer frame between two, the ends outside the run', () => {
    expect(DEMO).toHaveLength(45);
    expect(DEMO[44]).toBe(118.5);
    DEMO.forEach((t, n) => expect(frameAtTime(DEMO, t)).toBe(n));
    // Between 43.5 s (frame 29) and 48.5 s (frame 30): the midpoint 46 s ties to the earlier.
    expect(frameAtTime(DEMO, 45.9)).toBe(29);
    expect(frameAtTime(DEMO, 46)).toBe(29);
    expect(frameAtTime(DEMO, 46.1)).toBe(30);
    // In the sparse part a time 2.4 s either side of a frame is still that frame (the next is 5 s on),
    // where in the dense part 1 s away is already the next frame.
    expect(frameAtTime(DEMO, 55.9)).toBe(31);
    expect(frameAtTime(DEMO, 51.1)).toBe(31);
    expect(frameAtTime(DEMO, 4)).toBe(3);
    expect(frameAtTime(DEMO, -3)).toBe(0);
    expect(frameAtTime(DEMO, 500)).toBe(44);
    expect(frameAtTime([7], 0)).toBe(0);
    expect(() => frameAtTime([], 1)).toThrow(RangeError);
  });

  it('agrees with a linear scan for any increasing schedule and time (seeded)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.05, max: 10, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: -20, max: 400, noNaN: true }),
        (steps, t) => {
          const times: number[] = [];
          steps.reduce((acc, d) => (times.push(acc + d), acc + d), 0);
          const got = frameAtTime(times, t);
          const best = Math.min(...times.map((x) => Math.abs(x - t)));
          expect(Math.abs(times[got] - t)).toBe(best);
          // Ties go to the earlier frame.
          expect(times.findIndex((x) => Math.abs(x - t) === best)).toBe(got);
        },
      ),
      { seed: 1707, numRuns: 400 },
    );
  });
});

describe('cine hold per frame', () => {
  it('fixed rate: 1/fps whatever the times', () => {
    expect(cineDelayMs({ kind: 'fps', fps: 4 }, DEMO, 3)).toBe(250);
    expect(cineDelayMs({ kind: 'fps', fps: 8 }, null, 0)).toBe(125);
    // Faster than a display refresh only drops frames.
    expect(cineDelayMs({ kind: 'fps', fps: 1000 }, DEMO, 0)).toBe(16);
  });

  it('acquired timing: each frame held for its real interval to the next, divided by the speed', () => {
    const realTime = { kind: 'acquired', speed: 1 } as const;
    expect(cineDelayMs(realTime, DEMO, 0)).toBeCloseTo(1500, 9);
    expect(cineDelayMs(realTime, DEMO, 29)).toBeCloseTo(5000, 9); // 43.5 → 48.5 s
    expect(cineDelayMs(realTime, DEMO, 35)).toBeCloseTo(5000, 9);
    expect(cineDelayMs({ kind: 'acquired', speed: 4 }, DEMO, 29)).toBeCloseTo(1250, 9);
    // The last frame before the loop restarts: the first interval.
    expect(cineDelayMs({ kind: 'acquired', speed: 10 }, DEMO, 44)).toBeCloseTo(150, 9);
    // Without times: one second of scan per frame.
    expect(cineDelayMs({ kind: 'acquired', speed: 2 }, null, 5)).toBe(500);
  });
});

describe('frame times per slice', () => {
  it('gives each slice its table position\'s times (shuttle mode)', () => {
    const a = [0, 2, 4, 8];
    const b = [1, 3, 5, 9];
    const times = sliceFrameTimes([{ firstSlice: 0, endSlice: 2, times: a }, { firstSlice: 2, endSlice: 5, times: b }], 5);
    expect(times).toEqual([a, a, b, b, b]);
    expect(() => sliceFrameTimes([{ firstSlice: 0, endSlice: 2, times: a }], 3)).toThrow(/slice 2 is in no slab/);
  });
});

describe('cine frames of a shuttle-mode CT perfusion from its headers', () => {
  it('pages each slice in its own time order and reads each slice its own table position\'s times', async () => {
    // Two table positions, irregular and offset: the second is acquired 0.8 s after the first, and
    // instances are numbered time-major so acquisition order alone would not give time order per slice.
    const first = [0, 1.5, 3, 4.5, 9.5, 14.5];
    const second = first.map((t) => t + 0.8);
    const images = ctpSeriesImages({ dims: [3, 2, 4], spacing: [2, 2, 5], origin: [0, 0, 0], times: [first, second], hu: (i, j, k, t) => 40 + k + t, tagging: 'acquisition-time' });
    const files = images.map((im) => memorySource(im.name, writeDicom(im.elements)));
    const series = (await indexFiles(files)).patients[0].studies[0].series[0];
    const { plan, slabs, timeSource } = planPerfusion(series);
    const times = sliceFrameTimes(slabs, plan.dims[2]);
    const origin = Math.min(...series.frames.map((f) => frameTimeOf(f, timeSource)));
    for (let k = 0; k < 4; k++) {
      const own = k < 2 ? first : second;
      times[k].forEach((t, n) => expect(t).toBeCloseTo(own[n], 6));
      // The frame paged as volume t of slice k is the one acquired at that time.
      plan.volumes.forEach((v, t) => expect(frameTimeOf(v.slices[k], timeSource) - origin).toBeCloseTo(own[t], 6));
    }
    // The same frame index is a different time at the two positions, and one time a different frame:
    // 12.1 s is nearer 14.5 s (frame 5) at the first position, nearer 10.3 s (frame 4) at the second.
    expect(times[3][4] - times[0][4]).toBeCloseTo(0.8, 6);
    expect(frameAtTime(times[0], 12.1)).toBe(5);
    expect(frameAtTime(times[3], 12.1)).toBe(4);
  });
});
