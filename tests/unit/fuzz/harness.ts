// First: the probe must wrap the constructors before fflate (loaded by the modules below) keeps one.
import { measureAllocations } from './allocationProbe';
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { DicomError } from '../../../src/core/dicom/errors';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { parseHeader } from '../../../src/core/dicom/parseHeader';
import { decodeFileFrames } from '../../../src/core/dicom/pixels/decodeFileFrames';
import { isNativeSyntax } from '../../../src/core/dicom/pixels/transferSyntax';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import type { SeriesEntry } from '../../../src/core/dicom/types';
import type { FileSource } from '../../../src/core/io/FileSource';
import { assembleVolume } from '../../../src/core/volume/assembleVolume';

/**
 * Runs one (possibly corrupt) file through header parsing, indexing, pixel decoding and opening its
 * series (planSeries + assembleVolume) and reports
 * every contract breach: an exception other than DicomError, an indexer "unexpected failure", a
 * read outside the file, a hang past the deadline, or an allocation beyond the cap.
 */

/** Wall-clock cap per stage. Generous (2 cores shared with other suites): it catches hangs, not slowness. */
export const STAGE_DEADLINE_MS = 5_000;

const decoder = createFrameDecoder();

/** In-memory FileSource that records reads outside [0, size] instead of clamping them silently. */
export function guardedSource(path: string, bytes: Uint8Array, outOfRange: string[]): FileSource {
  return {
    path,
    size: bytes.length,
    read: async (start = 0, end = bytes.length) => {
      if (start < 0 || end > bytes.length || start > end) outOfRange.push(`read(${start}, ${end}) of ${bytes.length} bytes`);
      return bytes.slice(start, end);
    },
  };
}

/** Rejects with a 'deadline' message when `promise` has not settled within `ms`. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`deadline: ${what} still running after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export { REFUSED_ALLOCATION } from './allocationProbe';

/**
 * Largest buffer (bytes) requested while `fn` runs, through the global ArrayBuffer / typed-array
 * constructors (fflate's included) and Buffer's allocators: see allocationProbe.
 */
export const largestAllocation = measureAllocations;

// A fuzz file that loaded fflate before the probe would measure nothing of it: fail loudly instead.
const probeSeesFflate = await largestAllocation(async () => inflateSync(deflateSync(new Uint8Array(70_000))));
if (probeSeesFflate.largest < 70_000) throw new Error("fflate's allocations escape the harness: import './allocationProbe' first in the test file");

export interface PipelineReport {
  /** Contract breaches, empty when the input was handled correctly. */
  breaches: string[];
  /** Outcome per stage, for assertions on specific inputs. */
  header: 'ok' | DicomError | 'breach';
  index: 'indexed' | string;
  pixels: 'ok' | DicomError | 'breach';
  /** Planning + assembling the indexed series ('none' when nothing was indexed). */
  volume: 'ok' | 'none' | DicomError | 'breach';
  /** Largest single buffer requested while decoding pixels, bytes. */
  largestPixelAllocation: number;
}

/** Bytes a decode may request for a file of `size` bytes: a float32 copy of every sample plus slack. */
export function allocationCap(size: number): number {
  return 8 * size + (1 << 20);
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.constructor.name}: ${err.message}` : `non-Error thrown: ${String(err)}`;
}

/** Runs `bytes` (named `path`) through the four stages; never throws. */
export async function runPipeline(path: string, bytes: Uint8Array): Promise<PipelineReport> {
  const breaches: string[] = [];
  const outOfRange: string[] = [];

  let header: PipelineReport['header'] = 'ok';
  const started = performance.now();
  try {
    parseHeader(path, bytes, bytes.length);
  } catch (err) {
    header = err instanceof DicomError && err.file === path ? err : 'breach';
    if (header === 'breach') breaches.push(`parseHeader threw ${describe(err)}`);
  }
  const syncMs = performance.now() - started;
  if (syncMs > STAGE_DEADLINE_MS) breaches.push(`parseHeader took ${syncMs.toFixed(0)} ms`);

  let index: PipelineReport['index'] = 'indexed';
  let series: SeriesEntry[] = [];
  try {
    const result = await withDeadline(indexFiles([guardedSource(path, bytes, outOfRange)]), STAGE_DEADLINE_MS, 'indexFiles');
    series = result.patients.flatMap((p) => p.studies.flatMap((st) => st.series));
    if (result.fileCount !== 1) breaches.push(`indexFiles counted ${result.fileCount} files`);
    const skipped = result.skipped[0];
    if (skipped) {
      index = skipped.reason;
      if (skipped.path !== path) breaches.push(`skipped entry names ${skipped.path}`);
      if (/unexpected failure/.test(skipped.reason)) breaches.push(`indexFiles: ${skipped.reason}`);
    }
  } catch (err) {
    breaches.push(`indexFiles rejected: ${describe(err)}`);
  }

  let pixels: PipelineReport['pixels'] = 'ok';
  const { result, largest } = await largestAllocation(() =>
    withDeadline(decodeFileFrames(guardedSource(path, bytes, outOfRange), decoder), STAGE_DEADLINE_MS, 'decodeFileFrames'),
  );
  if (result.status === 'rejected') {
    pixels = result.reason instanceof DicomError && result.reason.file === path ? result.reason : 'breach';
    if (pixels === 'breach') breaches.push(`decodeFileFrames rejected with ${describe(result.reason)}`);
  }
  if (largest > allocationCap(bytes.length)) breaches.push(`decodeFileFrames requested a ${largest}-byte buffer for a ${bytes.length}-byte file`);

  // Opening an indexed series: plan its grid from the indexed headers, then assemble its volume.
  let volume: PipelineReport['volume'] = 'none';
  for (const entry of series) {
    const source = guardedSource(path, bytes, outOfRange);
    const assembled = await largestAllocation(() =>
      withDeadline(
        (async () => assembleVolume(planSeries(entry), new Map([[path, source]]), decoder))(),
        STAGE_DEADLINE_MS,
        'planSeries + assembleVolume',
      ),
    );
    if (assembled.result.status === 'rejected') {
      const err = assembled.result.reason;
      volume = err instanceof DicomError && err.file === path ? err : 'breach';
      if (volume === 'breach') breaches.push(`planSeries/assembleVolume rejected with ${describe(err)}`);
    } else volume = 'ok';
    // Compressed data can only be checked against PIXEL_LIMITS before decoding, so its volume may be
    // sized from the declared matrix (float32 per indexed frame); native data never beyond the file.
    const declared = isNativeSyntax(entry.transferSyntaxUID) ? 0 : entry.frames.reduce((sum, f) => sum + 4 * f.rows * f.columns, 0);
    if (assembled.largest > Math.max(allocationCap(bytes.length), declared)) {
      breaches.push(`planSeries/assembleVolume requested a ${assembled.largest}-byte buffer for a ${bytes.length}-byte file`);
    }
  }
  breaches.push(...outOfRange.map((r) => `out-of-range ${r}`));
  return { breaches, header, index, pixels, volume, largestPixelAllocation: largest };
}

/**
 * Saves an input that breached the contract under the OS temp dir and returns its path, so a
 * failing run leaves the exact bytes to turn into a regression fixture (tests/fixtures/regressions).
 */
export function keepFinding(name: string, bytes: Uint8Array): string {
  const dir = join(tmpdir(), 'dti-fuzz-findings');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.dcm`);
  writeFileSync(file, bytes);
  return file;
}
