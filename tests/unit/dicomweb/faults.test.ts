import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { DicomwebError, retrieveStudy, searchStudies, type DicomwebConnection } from '../../../src/services/dicomwebClient';
import { storeObjects, type StowProgress } from '../../../src/services/dicomwebStow';
import { RetrievalCache } from '../../../src/services/retrievalCache';
import { writeSyntheticDtiStudy, type WrittenSeries } from '../../fixtures/syntheticStudy';
import { startFakeDicomweb, type FakeDicomweb, type RecordedRequest } from '../../helpers/fakeDicomweb';
import { nodeFetch } from '../../helpers/nodeFetch';

const USER = { name: 'reader', password: 'fake secret' };

/** A request as the counts below read it: method and path with UIDs and query folded. */
function shape(r: RecordedRequest): string {
  return `${r.method} ${r.path.replace(/\?.*/, '').replace(/[\d.]{20,}/g, 'UID')}`;
}

describe('DICOMweb failures and retry against a fake server (real HTTP on loopback)', () => {
  let dir: string;
  let dti: WrittenSeries;
  let b0: WrittenSeries;
  let files: Uint8Array[];
  let extra: Uint8Array[];
  let fake: FakeDicomweb;
  let conn: DicomwebConnection;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dti-fake-dicomweb-'));
    dti = writeSyntheticDtiStudy(dir, { dims: [12, 12, 4], voxelMm: 8, directionCount: 6, uidSeed: 'fake-dti', patientId: 'FK-1', seriesNumber: 1, seriesDescription: 'DTI' });
    b0 = writeSyntheticDtiStudy(dir, { dims: [12, 12, 4], voxelMm: 8, directionCount: 0, b0Count: 1, uidSeed: 'fake-b0', studyInstanceUID: dti.studyInstanceUID, patientId: 'FK-1', seriesNumber: 2, seriesFolder: 'B0', seriesDescription: 'b0' });
    files = [...dti.files, ...b0.files].map((f) => new Uint8Array(readFileSync(join(dir, f))));
    // Objects to store: a third series of the same study (stands in for SEG/SR: STOW-RS treats every instance alike).
    const stored = writeSyntheticDtiStudy(dir, { dims: [12, 12, 2], voxelMm: 8, directionCount: 0, b0Count: 1, uidSeed: 'fake-stow', studyInstanceUID: dti.studyInstanceUID, seriesNumber: 3, seriesFolder: 'STOW', seriesDescription: 'stored' });
    extra = stored.files.map((f) => new Uint8Array(readFileSync(join(dir, f))));
  });

  afterEach(async () => {
    await fake?.close();
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function start() {
    fake = await startFakeDicomweb(files, { user: USER });
    conn = { url: fake.url, auth: { kind: 'basic', user: USER.name, password: USER.password } };
  }

  const study = () => ({ studyInstanceUID: dti.studyInstanceUID, patientName: 'P', studyDate: '' });

  it('unreachable: a "Cannot reach" message and nothing kept', async () => {
    await start();
    const url = fake.url;
    await fake.close();
    const cache = new RetrievalCache();
    const error = await retrieveStudy(nodeFetch, { ...conn, url }, study(), { cache }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DicomwebError);
    expect((error as Error).message).toMatch(new RegExp(`^Cannot reach ${url.replace(/\./g, '\\.')} while listing the series of the study \\(.*ECONNREFUSED.*\\): check the URL`));
    expect(cache.totalBytes).toBe(0);
  });

  it('401: the credentials message, without the password, and nothing kept', async () => {
    await start();
    const cache = new RetrievalCache();
    const error = await retrieveStudy(nodeFetch, { ...conn, auth: { kind: 'basic', user: USER.name, password: 'guess' } }, study(), { cache }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`${fake.url} refused the credentials while listing the series of the study (HTTP 401 Unauthorized): check the user name and password or the token.`);
    expect((error as Error).message).not.toContain('guess');
    expect(cache.totalBytes).toBe(0);
    const search = await searchStudies(nodeFetch, { ...conn, auth: { kind: 'none' } }, {}).catch((e: unknown) => e);
    expect((search as Error).message).toBe(`${fake.url} refused the credentials while searching studies (HTTP 401 Unauthorized): check the user name and password or the token.`);
  });

  it('500 on the second series: the message names it; the retry fetches only that series', async () => {
    await start();
    const cache = new RetrievalCache();
    let failing = true;
    fake.fault = (r) => (failing && r.path.endsWith(`/series/${b0.seriesInstanceUID}`) ? { status: 500, statusText: 'Internal Server Error' } : null);
    await expect(retrieveStudy(nodeFetch, conn, study(), { cache })).rejects.toThrow(
      `${fake.url} failed while retrieving series 2 of 2 (b0) (HTTP 500 Internal Server Error): a server error; try again later or ask its administrator.`,
    );
    expect(fake.requests.map(shape)).toEqual(['GET /studies/UID/series', 'GET /studies/UID/series/UID', 'GET /studies/UID/series/UID']);
    failing = false;
    fake.requests.length = 0;
    const folder = await retrieveStudy(nodeFetch, conn, study(), { cache });
    // Series 1 came whole the first time: only the series list and series 2 are asked for.
    expect(fake.requests.map((r) => r.path.replace(/\?.*/, ''))).toEqual([`/studies/${dti.studyInstanceUID}/series`, `/studies/${dti.studyInstanceUID}/series/${b0.seriesInstanceUID}`]);
    expect(folder.files).toHaveLength(files.length);
    const index = await indexFiles(folder.files);
    expect(index.patients[0].studies[0].series.map((s) => s.frames.length).sort((a, b) => a - b)).toEqual([4, 32]);
  });

  it('a connection lost mid-series: whole instances are kept, the retry fetches only the missing ones, a third open fetches nothing', async () => {
    await start();
    const cache = new RetrievalCache();
    let cut = true;
    const instanceBytes = files[0].length;
    // About ten and a half instances of series 1 arrive before the connection drops.
    fake.fault = (r) => (cut && r.path.endsWith(`/series/${dti.seriesInstanceUID}`) ? { cutAfter: Math.round(instanceBytes * 10.5) } : null);
    const error = await retrieveStudy(nodeFetch, conn, study(), { cache }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      new RegExp(`^${fake.url.replace(/\./g, '\\.')}: the connection broke while retrieving series 1 of 2 \\(DTI\\) \\(.+\\); nothing was opened \\(10 whole instances kept: Open again fetches only the rest\\)\\.$`),
    );
    cut = false;
    fake.requests.length = 0;
    const folder = await retrieveStudy(nodeFetch, conn, study(), { cache });
    const shapes = fake.requests.map(shape);
    expect(shapes.slice(0, 2)).toEqual(['GET /studies/UID/series', 'GET /studies/UID/series/UID/instances']);
    expect(shapes.filter((s) => s === 'GET /studies/UID/series/UID/instances/UID')).toHaveLength(32 - 10);
    expect(shapes.at(-1)).toBe('GET /studies/UID/series/UID');
    expect(shapes).toHaveLength(2 + 22 + 1);
    const bytesOf = async (f: { read(): Promise<Uint8Array> }) => Buffer.from(await f.read()).toString('base64');
    expect(new Set(await Promise.all(folder.files.map(bytesOf)))).toEqual(new Set(files.map((f) => Buffer.from(f).toString('base64'))));
    fake.requests.length = 0;
    expect((await retrieveStudy(nodeFetch, conn, study(), { cache })).files).toHaveLength(files.length);
    expect(fake.requests.map(shape)).toEqual(['GET /studies/UID/series']);
  });

  it('malformed multipart answers: no boundary, not multipart, garbage body; nothing kept', async () => {
    await start();
    const cases: [{ contentType: string; rawBody: string }, string][] = [
      [{ contentType: 'multipart/related; type="application/dicom"', rawBody: 'x' }, "the multipart Content-Type names no boundary ('multipart/related; type=\"application/dicom\"')"],
      [{ contentType: 'text/html', rawBody: '<html>login</html>' }, "expected a multipart/related response, got 'text/html'"],
      [{ contentType: 'multipart/related; boundary=abc', rawBody: 'no boundary in here' }, "the body does not contain its boundary 'abc'"],
    ];
    for (const [fault, why] of cases) {
      const cache = new RetrievalCache();
      fake.fault = (r) => (/\/series\/[\d.]+$/.test(r.path) ? fault : null);
      await expect(retrieveStudy(nodeFetch, conn, study(), { cache })).rejects.toThrow(`${fake.url} sent a malformed response while retrieving series 1 of 2 (DTI): ${why}; nothing was opened.`);
      expect(cache.totalBytes).toBe(0);
    }
  });

  it('STOW-RS stores each object in its own request, with progress, and the server then holds them', async () => {
    await start();
    const progress: StowProgress[] = [];
    await storeObjects(nodeFetch, conn, dti.studyInstanceUID, [{ label: 'Segmentation', bytes: extra[0] }, { label: 'Measurement report', bytes: extra[1] }], { onProgress: (p) => progress.push(p) });
    expect(fake.requests.map(shape)).toEqual(['POST /studies/UID', 'POST /studies/UID']);
    expect(fake.requests[0].path).toBe(`/studies/${dti.studyInstanceUID}`);
    expect(fake.instances).toHaveLength(files.length + 2);
    expect(fake.instances.slice(-2).map((i) => Buffer.from(i.bytes).toString('base64'))).toEqual(extra.slice(0, 2).map((b) => Buffer.from(b).toString('base64')));
    expect(progress).toEqual([
      { done: 0, total: 2, bytes: 0 },
      { done: 1, total: 2, bytes: extra[0].length },
      { done: 2, total: 2, bytes: extra[0].length + extra[1].length },
    ]);
  });

  it('STOW-RS failures: a 500 on the second object says what is already stored; a 409 gives the reason; a 401 the credentials', async () => {
    await start();
    const objects = [{ label: 'Segmentation', bytes: extra[0] }, { label: 'Measurement report', bytes: extra[1] }];
    let n = 0;
    fake.fault = (r) => (r.method === 'POST' && ++n === 2 ? { status: 500, statusText: 'Internal Server Error' } : null);
    await expect(storeObjects(nodeFetch, conn, dti.studyInstanceUID, objects)).rejects.toThrow(
      `${fake.url} failed while storing 2 of 2 (Measurement report) (HTTP 500 Internal Server Error): a server error; try again later or ask its administrator; already stored: Segmentation.`,
    );
    const failed = { '00081198': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3'] }, '00081197': { vr: 'US', Value: [0xa900] } }] } };
    fake.fault = (r) => (r.method === 'POST' ? { status: 409, statusText: 'Conflict', contentType: 'application/dicom+json', body: JSON.stringify(failed) } : null);
    await expect(storeObjects(nodeFetch, conn, dti.studyInstanceUID, objects)).rejects.toThrow(
      `${fake.url} refused Segmentation while storing 1 of 2 (Segmentation): the object does not match its SOP class (0xA900); nothing was stored.`,
    );
    fake.fault = () => null;
    await expect(storeObjects(nodeFetch, { ...conn, auth: { kind: 'bearer', token: 'stale' } }, dti.studyInstanceUID, objects)).rejects.toThrow(
      `${fake.url} refused the credentials while storing 1 of 2 (Segmentation) (HTTP 401 Unauthorized): check the user name and password or the token; nothing was stored.`,
    );
  });
});
