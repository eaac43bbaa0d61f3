import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileBytesCache } from '../../../src/cli/fileBytesCache';
import { listFolder } from '../../../src/cli/nodeFileSource';

const dir = mkdtempSync(join(tmpdir(), 'file-bytes-cache-'));
const a = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 251);
const b = Uint8Array.from({ length: 600 }, (_, i) => (i * 13) % 256);
writeFileSync(join(dir, 'a.dcm'), a);
writeFileSync(join(dir, 'b.dcm'), b);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('FileBytesCache with listFolder: each file read from disk once', () => {
  it('a whole-file read is kept; later range reads are views of it with the bytes an uncached read gives', async () => {
    const cache = new FileBytesCache(10_000);
    const [cachedA] = await listFolder(dir, cache);
    const [plainA] = await listFolder(dir);
    const whole = await cachedA.read();
    expect(cache.size).toBe(1000);
    expect(cache.get('a.dcm')).toBe(whole);
    for (const [start, end] of [[0, 1000], [132, 500], [999, 1000], [500, 500], [900, 5000], [1200, 1300]] as const) {
      const view = await cachedA.read(start, end);
      expect(Array.from(view), `${start}-${end}`).toEqual(Array.from(await plainA.read(start, end)));
      if (view.length > 0) expect(view.buffer).toBe(whole.buffer); // no copy
    }
  });

  it('partial reads are not kept; the budget caps what is kept; keepOnly and clear release files', async () => {
    const cache = new FileBytesCache(1200);
    const [fa, fb] = await listFolder(dir, cache);
    await fa.read(0, 100);
    expect(cache.size).toBe(0);
    await fa.read();
    await fb.read(); // 1000 + 600 > 1200: not kept
    expect(cache.size).toBe(1000);
    expect(cache.get('b.dcm')).toBeUndefined();
    cache.keepOnly(new Set(['b.dcm']));
    expect(cache.size).toBe(0);
    await fb.read();
    expect(cache.size).toBe(600);
    cache.clear();
    expect([cache.size, cache.get('b.dcm')]).toEqual([0, undefined]);
  });

  it('drop releases just the given files (a batch series assembled), freeing their budget', async () => {
    const cache = new FileBytesCache(1600);
    const [fa, fb] = await listFolder(dir, cache);
    await fa.read();
    await fb.read();
    expect(cache.size).toBe(1600);
    cache.drop(['a.dcm', 'not-kept.dcm']);
    expect([cache.size, cache.free, cache.get('a.dcm')]).toEqual([600, 1000, undefined]);
    expect(cache.get('b.dcm')).toEqual(b);
  });
});
