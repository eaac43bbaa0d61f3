// First: wraps the allocators before fflate is loaded, so its buffers are measured too.
import { measureAllocations } from '../fuzz/allocationProbe';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Deflate } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeFileSource } from '../../../src/cli/nodeFileSource';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { DicomError } from '../../../src/core/dicom/errors';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { MAX_HEADER_BYTES } from '../../../src/core/dicom/parseHeader';
import { decodeFileFrames } from '../../../src/core/dicom/pixels/decodeFileFrames';
import { TransferSyntax } from '../../../src/core/dicom/pixels/transferSyntax';
import type { FileSource } from '../../../src/core/io/FileSource';
import { classicElements, ramp } from '../fuzz/seeds';
import { encodeBody, metaGroup } from '../fuzz/tinyDicom';

/**
 * A small crafted file must not take the machine: a deflate bomb and a wrong element length are
 * skipped with their reason after reading and allocating a bounded amount, measured by the fuzz
 * harness's probe (global constructors, fflate's buffers, Buffer's allocators).
 */

const MIB = 2 ** 20;
const layout = { littleEndian: true, explicitVr: true };
const pixel = { tag: 0x7fe00010, vr: 'OW', value: ramp(0) } as const;
const headerElements = classicElements(pixel).slice(0, -1);

/** Explicit-LE header of an OB private element (0029,1010) declaring `length` bytes. */
function privateElementHeader(length: number): Uint8Array {
  const bytes = new Uint8Array(12);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0x0029, true);
  view.setUint16(2, 0x1010, true);
  bytes.set([0x4f, 0x42], 4); // 'OB'
  view.setUint32(8, length, true);
  return bytes;
}

/** A FileSource that counts the bytes it hands out. */
function counting(source: FileSource): FileSource & { bytesRead: number } {
  const counted = {
    path: source.path,
    size: source.size,
    bytesRead: 0,
    read: async (start?: number, end?: number) => {
      const bytes = await source.read(start, end);
      counted.bytesRead += bytes.length;
      return bytes;
    },
  };
  return counted;
}

const dir = mkdtempSync(join(tmpdir(), 'dti-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a deflate bomb', () => {
  // 128 MiB of zeros (twice what a header may take) in a private element before Pixel Data, deflated to ~0.13 MB.
  const bombBytes = 128 * MIB;
  const chunks: Uint8Array[] = [];
  const deflate = new Deflate({ level: 1 }, (chunk) => chunks.push(chunk));
  deflate.push(encodeBody(headerElements, layout));
  deflate.push(privateElementHeader(bombBytes));
  const zeros = new Uint8Array(MIB);
  for (let i = 0; i < bombBytes / MIB; i++) deflate.push(zeros);
  deflate.push(encodeBody([pixel], layout), true);
  const meta = metaGroup(TransferSyntax.deflatedExplicitLittle);
  const file = new Uint8Array(meta.length + chunks.reduce((n, c) => n + c.length, 0));
  file.set(meta, 0);
  let at = meta.length;
  for (const c of chunks) file.set(c, (at += c.length) - c.length);
  const path = join(dir, 'bomb.dcm');
  const fd = openSync(path, 'w');
  writeSync(fd, file);
  closeSync(fd);

  it('is skipped at indexing with its reason, inflating no more than a header may take', async () => {
    expect(file.length).toBeLessThan(MIB);
    const source = counting(nodeFileSource(path, 'bomb.dcm', file.length));
    const { result, largest } = await measureAllocations(() => indexFiles([source]));
    expect(result.status).toBe('fulfilled');
    const index = (result as PromiseFulfilledResult<Awaited<ReturnType<typeof indexFiles>>>).value;
    expect(index.patients).toEqual([]);
    expect(index.skipped).toEqual([
      { path: 'bomb.dcm', reason: 'not a readable DICOM file (its deflated data set inflates past 64 MiB without reaching Pixel Data: a deflate bomb or a damaged file)' },
    ]);
    // The whole file is read once (it is smaller than the first prefix); the largest buffer is the
    // capped inflated header (64 MiB and one push), never the 128 MiB the stream holds.
    expect(source.bytesRead).toBe(file.length);
    expect(largest).toBeGreaterThan(MAX_HEADER_BYTES);
    expect(largest).toBeLessThan(MAX_HEADER_BYTES + 8 * MIB);
  });

  it('is refused by the decoder too, with the same bound', async () => {
    const { result, largest } = await measureAllocations(() => decodeFileFrames(nodeFileSource(path, 'bomb.dcm', file.length), createFrameDecoder()));
    expect(result.status).toBe('rejected');
    const err = (result as PromiseRejectedResult).reason;
    expect(err).toBeInstanceOf(DicomError);
    expect((err as DicomError).message).toBe('bomb.dcm: not a readable DICOM file (its deflated data set inflates past 64 MiB without reaching Pixel Data: a deflate bomb or a damaged file)');
    expect(largest).toBeLessThan(MAX_HEADER_BYTES + 8 * MIB);
  });
});

describe('a sparse 1.9 GB file whose private element declares 0xFFFFFFF0 bytes', () => {
  const path = join(dir, 'sparse.dcm');
  const size = 1.9e9;
  const header = encodeBody(headerElements, layout);
  const meta = metaGroup(TransferSyntax.explicitLittle);
  const fd = openSync(path, 'w');
  writeSync(fd, meta);
  writeSync(fd, header);
  writeSync(fd, privateElementHeader(0xfffffff0));
  ftruncateSync(fd, size);
  closeSync(fd);

  it('is skipped with its reason after reading no more than the capped prefixes', async () => {
    const source = counting(nodeFileSource(path, 'sparse.dcm', size));
    const { result, largest } = await measureAllocations(() => indexFiles([source]));
    const index = (result as PromiseFulfilledResult<Awaited<ReturnType<typeof indexFiles>>>).value;
    expect(index.skipped).toEqual([
      { path: 'sparse.dcm', reason: 'not a readable DICOM file (no Pixel Data within its first 64 MiB, where any header ends: a wrong element length or a damaged file)' },
    ]);
    // Prefixes of 0.5, 2, 8, 32 and 64 MiB: 106.5 MiB of the 1.9 GB, the largest buffer the last prefix.
    expect(source.bytesRead).toBe(106.5 * MIB);
    expect(largest).toBe(MAX_HEADER_BYTES);
  });

  it('is skipped at once, naming the element, when the prefix parses leniently', async () => {
    // dicom-parser accepts an overrunning last element when parsing implicit VR: the length is then
    // known, and a header that long is refused without reading further.
    const implicitPath = join(dir, 'sparse-implicit.dcm');
    const implicitFd = openSync(implicitPath, 'w');
    writeSync(implicitFd, metaGroup(TransferSyntax.implicitLittle));
    writeSync(implicitFd, encodeBody(headerElements, { littleEndian: true, explicitVr: false }));
    writeSync(implicitFd, Uint8Array.from([0x29, 0, 0x10, 0x10, 0xf0, 0xff, 0xff, 0xff]));
    ftruncateSync(implicitFd, size);
    closeSync(implicitFd);
    const source = counting(nodeFileSource(implicitPath, 'sparse-implicit.dcm', size));
    const index = await indexFiles([source]);
    expect(index.skipped).toEqual([
      { path: 'sparse-implicit.dcm', reason: 'not a readable DICOM file (element (0029,1010) declares 4294967280 bytes, past the 64 MiB a header may take: wrong length or damaged)' },
    ]);
    expect(source.bytesRead).toBe(512 * 1024);
  });
});

describe('a header that does not end within MAX_HEADER_BYTES', () => {
  it('is skipped with that reason after reading at most MAX_HEADER_BYTES at once', async () => {
    // 100 MB of well-formed 64 KiB private elements and no Pixel Data: readHeader grows its prefix
    // to the cap and stops there.
    const meta = metaGroup(TransferSyntax.explicitLittle);
    const start = encodeBody(headerElements, layout);
    const element = new Uint8Array(12 + 65536);
    element.set(privateElementHeader(65536), 0);
    const size = 100 * MIB;
    const reads: number[] = [];
    const source: FileSource = {
      path: 'long.dcm',
      size,
      read: async (from = 0, to = size) => {
        reads.push(to - from);
        const out = new Uint8Array(to - from);
        out.set(meta, 0);
        out.set(start, meta.length);
        for (let at = meta.length + start.length; at < out.length; at += element.length) out.set(element.subarray(0, out.length - at), at);
        return out;
      },
    };
    const index = await indexFiles([source]);
    expect(index.skipped).toEqual([
      { path: 'long.dcm', reason: 'not a readable DICOM file (no Pixel Data within its first 64 MiB, where any header ends: a wrong element length or a damaged file)' },
    ]);
    expect(reads).toEqual([0.5 * MIB, 2 * MIB, 8 * MIB, 32 * MIB, 64 * MIB]);
  });
});
