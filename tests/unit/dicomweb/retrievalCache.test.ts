import { describe, expect, it } from 'vitest';
import { RetrievalCache } from '../../../src/services/retrievalCache';

const bytes = (n: number) => new Uint8Array(n).fill(1);

describe('RetrievalCache', () => {
  it('keeps instances by server, study and series; replacing one does not count it twice', () => {
    const cache = new RetrievalCache(1000);
    cache.add('http://a/dicom-web', 'S1', 'X1', 'I1', bytes(100));
    cache.add('http://a/dicom-web', 'S1', 'X1', 'I1', bytes(120));
    cache.add('http://b/dicom-web', 'S1', 'X1', 'I1', bytes(10));
    expect(cache.totalBytes).toBe(130);
    expect([...cache.series('http://a/dicom-web', 'S1', 'X1').instances.keys()]).toEqual(['I1']);
    expect(cache.series('http://a/dicom-web', 'S1', 'X1').instances.get('I1')!.size).toBe(120);
    expect(cache.series('http://a/dicom-web', 'S1', 'X2').instances.size).toBe(0);
  });

  it('over budget, drops the least recently used other study, never the one being filled', () => {
    const cache = new RetrievalCache(250);
    cache.add('srv', 'old', 'X', 'I1', bytes(100));
    cache.add('srv', 'used', 'X', 'I1', bytes(100));
    cache.series('srv', 'old', 'X');
    // 'used' is now the least recently used: it goes when 'new' needs room.
    cache.add('srv', 'new', 'X', 'I1', bytes(100));
    expect(cache.series('srv', 'used', 'X').instances.size).toBe(0);
    expect(cache.series('srv', 'old', 'X').instances.size).toBe(1);
    // A study larger than the budget is still kept whole while it is filled.
    cache.add('srv', 'huge', 'X', 'I1', bytes(400));
    expect(cache.series('srv', 'huge', 'X').instances.size).toBe(1);
    expect(cache.totalBytes).toBe(400);
  });
});
