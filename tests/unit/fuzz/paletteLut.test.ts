// First: wraps the allocators before fflate is loaded (see allocationProbe).
import './allocationProbe';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paletteImage } from '../../fixtures/paletteImage';
import { fuzzSeed } from './fuzzSeed';
import { keepFinding, runPipeline } from './harness';

/**
 * Property test of PALETTE COLOR handling: random descriptors (value count, entry count including
 * 0 = 65536, first mapped value, bits), random LUT data (lengths right and wrong, 8-bit entries packed
 * or in words, tables missing, segmented tables) and random indices, written as real files by dcmjs.
 * Every input must pass the fuzz pipeline contract (only DicomError, bounded time, reads and allocations),
 * and the outcome must match an independent model of PS3.3 C.7.6.3.1.5: a conforming palette decodes
 * to exactly the clamped table lookup; anything else is refused with a PALETTE COLOR DicomError.
 */

const scale = Number(process.env.FUZZ_SCALE ?? 1);
const runSeed = fuzzSeed('paletteLut.test');

type DataMode = 'exact16' | 'long' | 'short' | 'packed8' | 'words8' | 'words8High' | 'random' | 'missing' | 'segmented';

interface Case {
  bitsAllocated: 8 | 16;
  rows: number;
  columns: number;
  indices: number[];
  entries: number;
  firstMapped: number;
  bits: number;
  /** Per channel descriptor value count (3 is valid); and a per-channel tweak making one differ. */
  valueCounts: [number, number, number];
  differ: number | null;
  modes: [DataMode, DataMode, DataMode];
  randomLength: number;
  fill: number;
}

const dataMode = fc.constantFrom<DataMode>('exact16', 'exact16', 'long', 'short', 'packed8', 'words8', 'words8High', 'random', 'missing', 'segmented');

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    bitsAllocated: fc.constantFrom<8 | 16>(8, 16),
    rows: fc.integer({ min: 1, max: 4 }),
    columns: fc.integer({ min: 1, max: 4 }),
    entries: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0, 1, 255, 256, 4096, 65535), fc.integer({ min: 0, max: 65535 })),
    firstMapped: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 65535 })),
    bits: fc.oneof(fc.constantFrom(8, 16, 8, 16), fc.integer({ min: 0, max: 65535 })),
    valueCounts: fc.tuple(...[0, 1, 2].map(() => fc.oneof(fc.constant(3), fc.constant(3), fc.constant(3), fc.integer({ min: 0, max: 5 })))) as fc.Arbitrary<[number, number, number]>,
    differ: fc.option(fc.integer({ min: 0, max: 2 }), { freq: 4 }),
    sameMode: fc.boolean(),
    modes: fc.tuple(dataMode, dataMode, dataMode),
    randomLength: fc.integer({ min: 0, max: 40 }).map((n) => 2 * n),
    fill: fc.integer({ min: 1, max: 0x7fffffff }),
    indexSeed: fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 16, maxLength: 16 }),
    // Half the cases are made conforming, so decoding is exercised as much as refusal.
    conform: fc.boolean(),
  })
  .map((r) => {
    const n = r.rows * r.columns;
    const indices = r.indexSeed.slice(0, n).map((v) => (r.bitsAllocated === 8 ? v & 0xff : v));
    if (!r.conform) return { ...r, indices, modes: r.sameMode ? ([r.modes[0], r.modes[0], r.modes[0]] as Case['modes']) : r.modes };
    const bits = r.fill % 2 === 0 ? 16 : 8;
    const mode: DataMode = bits === 16 ? 'exact16' : r.fill % 4 === 1 ? 'packed8' : 'words8';
    return { ...r, indices, bits, valueCounts: [3, 3, 3] as Case['valueCounts'], differ: null, modes: [mode, mode, mode] as Case['modes'] };
  });

/** Deterministic bytes from a seed (xorshift32), so big tables cost no shrinking effort. */
function bytesFrom(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** The LUT data bytes of one channel for its mode (even lengths: DICOM pads every value to even). */
function channelData(c: Case, channel: number): Uint8Array | null {
  const e = c.entries === 0 ? 65536 : c.entries;
  const seed = c.fill + channel * 7919;
  switch (c.modes[channel]) {
    case 'exact16':
      return bytesFrom(seed, 2 * e);
    case 'long':
      return bytesFrom(seed, 2 * e + 2);
    case 'short':
      return bytesFrom(seed, Math.max(0, 2 * e - 2));
    case 'packed8':
      return bytesFrom(seed, e + (e % 2));
    case 'words8':
    case 'words8High': {
      const words = bytesFrom(seed, 2 * e);
      for (let i = 1; i < words.length; i += 2) words[i] = 0;
      if (c.modes[channel] === 'words8High' && e > 0) words[2 * (seed % e) + 1] = 1 + (seed % 255);
      return words;
    }
    case 'random':
      return bytesFrom(seed, c.randomLength);
    default:
      return null;
  }
}

function descriptor(c: Case, channel: number): number[] {
  const full = [c.entries, c.differ === channel ? (c.firstMapped + 1) % 65536 : c.firstMapped, c.bits, 7];
  return full.slice(0, c.valueCounts[channel]);
}

/** Expected interleaved RGB when the palette conforms, else null (must be refused). An independent model. */
function model(c: Case, data: (Uint8Array | null)[]): number[] | null {
  if (c.valueCounts.some((v) => v !== 3) || c.differ !== null) return null;
  if (c.bits !== 8 && c.bits !== 16) return null;
  const e = c.entries === 0 ? 65536 : c.entries;
  const tables: number[][] = [];
  for (const bytes of data) {
    if (!bytes) return null;
    const word = (i: number) => bytes[2 * i] | (bytes[2 * i + 1] << 8);
    if (c.bits === 16 && bytes.length === 2 * e) tables.push(Array.from({ length: e }, (_, i) => word(i)));
    else if (c.bits === 8 && bytes.length === e + (e % 2)) tables.push(Array.from(bytes.subarray(0, e)));
    else if (c.bits === 8 && bytes.length === 2 * e) {
      const t = Array.from({ length: e }, (_, i) => word(i));
      if (t.some((v) => v > 255)) return null;
      tables.push(t);
    } else return null;
  }
  return c.indices.flatMap((v) => {
    const k = Math.min(Math.max(v - c.firstMapped, 0), e - 1);
    return tables.map((t) => t[k]);
  });
}

describe('palette LUT fuzzing', () => {
  it('random palettes: typed errors only, and conforming ones decode to the clamped lookup', async () => {
    let decoded = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const data = [0, 1, 2].map((ch) => channelData(c, ch));
        const bytes = paletteImage({
          rows: c.rows,
          columns: c.columns,
          bitsAllocated: c.bitsAllocated,
          indices: c.indices,
          descriptors: [descriptor(c, 0), descriptor(c, 1), descriptor(c, 2)],
          data: data as [Uint8Array | null, Uint8Array | null, Uint8Array | null],
          segmented: c.modes.includes('segmented') ? bytesFrom(c.fill, 8) : undefined,
        });
        const path = `fuzz/palette-${c.fill}.dcm`;
        const report = await runPipeline(path, bytes);
        if (report.breaches.length > 0) throw new Error(`${report.breaches.join('; ')}\ninput kept at ${keepFinding('palette', bytes)}`);
        const want = model(c, data);
        if (want === null) {
          refused++;
          expect(report.pixels).not.toBe('ok');
          expect(report.pixels === 'ok' || report.pixels === 'breach' ? '' : report.pixels.reason).toMatch(/^PALETTE COLOR: /);
        } else {
          decoded++;
          expect(report.pixels).toBe('ok');
          const { decodeFileFrames } = await import('../../../src/core/dicom/pixels/decodeFileFrames');
          const { createFrameDecoder } = await import('../../../src/codecs/createFrameDecoder');
          const { memorySource } = await import('../pixels/nodeFiles');
          const out = await decodeFileFrames(memorySource(path, bytes), createFrameDecoder());
          expect(Array.from(out.frames[0])).toEqual(want);
        }
      }),
      { numRuns: Math.round(600 * scale), seed: runSeed, endOnFailure: true },
    );
    // Both outcomes must actually be exercised, or the property proves little.
    expect(decoded).toBeGreaterThan(30);
    expect(refused).toBeGreaterThan(30);
  });
});
