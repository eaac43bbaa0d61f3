import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import type { DicomIndex, SeriesEntry } from '../../../src/core/dicom/types';
import { storeObjects } from '../../../src/services/dicomwebStow';
import { DicomwebError, retrieveStudy, searchSeries, searchStudies, type DicomwebConnection, type FetchFn, type RetrieveProgress } from '../../../src/services/dicomwebClient';
import { indexFolder } from '../../../src/cli/indexFolder';
import { writeSyntheticDtiStudy, type WrittenSeries } from '../../fixtures/syntheticStudy';
import { RetrievalCache } from '../../../src/services/retrievalCache';
import { nodeFetch } from '../../helpers/nodeFetch';
import { hasOrthanc, orthancSkipMessage, startOrthanc, type RunningOrthanc } from '../../helpers/orthanc';

if (!hasOrthanc) console.warn(orthancSkipMessage);

const USER = { name: 'reader', password: 'correct horse' };

function allSeries(index: DicomIndex): SeriesEntry[] {
  return index.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
}

/** What must survive the round trip through the server, per series. */
function seriesFacts(index: DicomIndex) {
  return allSeries(index)
    .map((s) => ({ uid: s.seriesInstanceUID, frames: s.frames.length, bValues: s.bValues, directions: s.directionCount, kind: s.kind, ts: s.transferSyntaxUID }))
    .sort((a, b) => (a.uid < b.uid ? -1 : 1));
}

describe.skipIf(!hasOrthanc)('DICOMweb against a real Orthanc (loopback, basic auth)', () => {
  let orthanc: RunningOrthanc;
  let dir: string;
  let dti: WrittenSeries;
  let conn: DicomwebConnection;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dti-dicomweb-'));
    // Two series of one study: a small DTI (2 b0 + 6 directions × 4 slices) and a second, b0-only series.
    dti = writeSyntheticDtiStudy(dir, { dims: [16, 16, 4], voxelMm: 8, directionCount: 6, uidSeed: 'dicomweb-dti', patientId: 'DW-001', patientName: 'WEB^PATIENT', seriesNumber: 1, seriesDescription: 'DTI 6dir' });
    writeSyntheticDtiStudy(dir, { dims: [16, 16, 4], voxelMm: 8, directionCount: 0, b0Count: 1, uidSeed: 'dicomweb-b0', studyInstanceUID: dti.studyInstanceUID, patientId: 'DW-001', patientName: 'WEB^PATIENT', seriesNumber: 2, seriesFolder: 'B0', seriesDescription: 'b0 only' });
    orthanc = await startOrthanc({ user: USER });
    const { files } = await indexFolder(dir);
    await orthanc.upload(await Promise.all(files.map((f) => f.read())));
    conn = { url: orthanc.dicomwebUrl, auth: { kind: 'basic', user: USER.name, password: USER.password } };
  });

  afterAll(async () => {
    await orthanc?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('QIDO-RS finds the study by patient ID, name prefix, date and modality, and not by another ID', async () => {
    const found = await searchStudies(nodeFetch, conn, { patientId: 'DW-001', patientName: 'WEB', studyDate: '2024-03-12', modality: 'MR' });
    expect(found.map((s) => s.studyInstanceUID)).toEqual([dti.studyInstanceUID]);
    expect(found[0]).toMatchObject({ patientName: 'WEB^PATIENT', patientId: 'DW-001', studyDate: '20240312', modalities: ['MR'], seriesCount: 2 });
    expect(await searchStudies(nodeFetch, conn, { patientId: 'SOMEONE-ELSE' })).toEqual([]);
    expect(await searchStudies(nodeFetch, conn, { modality: 'CT' })).toEqual([]);
  });

  it('WADO-RS retrieval indexes into the same series as the local copy (UIDs, frames, b-values, directions)', async () => {
    const progress: RetrieveProgress[] = [];
    const folder = await retrieveStudy(nodeFetch, conn, { studyInstanceUID: dti.studyInstanceUID, patientName: 'WEB^PATIENT', studyDate: '20240312' }, { onProgress: (p) => progress.push(p), cache: new RetrievalCache() });
    expect(folder.files).toHaveLength(8 * 4 + 4);
    expect(folder.name).toBe(`WEB^PATIENT 20240312 (${orthanc.dicomwebUrl})`);
    const remote = await indexFiles(folder.files);
    const local = (await indexFolder(dir)).index;
    expect(remote.skipped).toEqual([]);
    expect(seriesFacts(remote)).toEqual(seriesFacts(local));
    const remoteDti = allSeries(remote).find((s) => s.seriesInstanceUID === dti.seriesInstanceUID)!;
    expect(remoteDti.frames).toHaveLength(32);
    expect(remoteDti.bValues).toEqual([0, 1000]);
    expect(remoteDti.directionCount).toBe(6);
    // Byte for byte the instances we stored (Orthanc sends them as stored: transfer-syntax=*).
    const localBytes = new Set(dti.files.map((f) => readFileSync(join(dir, f)).toString('base64')));
    for (const f of folder.files.filter((x) => x.path.startsWith(`1_${dti.seriesInstanceUID}/`))) {
      expect(localBytes.has(Buffer.from(await f.read()).toString('base64'))).toBe(true);
    }
    expect(progress[0]).toEqual({ seriesDone: 0, seriesTotal: 2, bytes: 0 });
    expect(progress.at(-1)).toMatchObject({ seriesDone: 2, seriesTotal: 2 });
    expect(progress.at(-1)!.bytes).toBeGreaterThan(folder.files.reduce((n, f) => n + f.size, 0));
  });

  it('wrong credentials: a 401 message naming the server and what to check', async () => {
    const wrong = { ...conn, auth: { kind: 'basic' as const, user: USER.name, password: 'wrong' } };
    const error = await searchStudies(nodeFetch, wrong, { patientId: 'DW-001' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DicomwebError);
    expect((error as Error).message).toBe(`${orthanc.dicomwebUrl} refused the credentials while searching studies (HTTP 401 Unauthorized): check the user name and password or the token.`);
    expect((error as Error).message).not.toContain('wrong');
  });

  it('a 500 on the second series rejects the whole retrieval with a message naming it', async () => {
    let series = 0;
    const failSecond: FetchFn = async (url, init) => {
      if (/\/series\/[\d.]+$/.test(url) && ++series === 2) return new Response('boom', { status: 500, statusText: 'Internal Server Error' });
      return nodeFetch(url, init);
    };
    await expect(retrieveStudy(failSecond, conn, { studyInstanceUID: dti.studyInstanceUID, patientName: '', studyDate: '' }, { cache: new RetrievalCache() })).rejects.toThrow(
      `${orthanc.dicomwebUrl} failed while retrieving series 2 of 2 (b0 only) (HTTP 500 Internal Server Error): a server error; try again later or ask its administrator.`,
    );
  });

  it('a truncated multipart body is a malformed-response message; Open again fetches only the missing instance from Orthanc', async () => {
    const requests: string[] = [];
    let truncateOnce = true;
    const truncate: FetchFn = async (url, init) => {
      requests.push(url.slice(orthanc.dicomwebUrl.length));
      const response = await nodeFetch(url, init);
      if (!/\/series\/[\d.]+$/.test(url) || !truncateOnce) return response;
      truncateOnce = false;
      const bytes = new Uint8Array(await response.arrayBuffer());
      return new Response(bytes.subarray(0, bytes.length - 1000), { status: 200, headers: response.headers });
    };
    const cache = new RetrievalCache();
    const study = { studyInstanceUID: dti.studyInstanceUID, patientName: '', studyDate: '' };
    await expect(retrieveStudy(truncate, conn, study, { cache })).rejects.toThrow(
      /sent a malformed response while retrieving series 1 of 2 \(DTI 6dir\): part 32 has no closing boundary: the body ends inside it \(truncated\?\); nothing was opened \(31 whole instances kept: Open again fetches only the rest\)\./,
    );
    requests.length = 0;
    const folder = await retrieveStudy(truncate, conn, study, { cache });
    // Retry: the series list, series 1's instance list, its one missing instance, then series 2 whole.
    expect(requests.map((r) => r.replace(/[\d.]{20,}/g, 'UID').replace(/\?.*/, ''))).toEqual(['/studies/UID/series', '/studies/UID/series/UID/instances', '/studies/UID/series/UID/instances/UID', '/studies/UID/series/UID']);
    expect(folder.files).toHaveLength(36);
    expect(seriesFacts(await indexFiles(folder.files))).toEqual(seriesFacts((await indexFolder(dir)).index));
  });

  it('a server refusing transfer-syntax=* (406) is asked again for its default syntax, and the study arrives whole', async () => {
    const accepts: string[] = [];
    const refuseAny: FetchFn = async (url, init) => {
      if (!/\/series\/[\d.]+$/.test(url)) return nodeFetch(url, init);
      accepts.push(init.headers.Accept);
      if (init.headers.Accept.includes('transfer-syntax=*')) return new Response('', { status: 406, statusText: 'Not Acceptable' });
      return nodeFetch(url, init);
    };
    const folder = await retrieveStudy(refuseAny, conn, { studyInstanceUID: dti.studyInstanceUID, patientName: '', studyDate: '' }, { cache: new RetrievalCache() });
    expect(folder.files).toHaveLength(36);
    expect(accepts).toEqual([
      'multipart/related; type="application/dicom"; transfer-syntax=*',
      'multipart/related; type="application/dicom"',
      'multipart/related; type="application/dicom"; transfer-syntax=*',
      'multipart/related; type="application/dicom"',
    ]);
    expect(seriesFacts(await indexFiles(folder.files))).toEqual(seriesFacts((await indexFolder(dir)).index));
  });

  it('STOW-RS stores objects into the study (Orthanc then lists and serves them byte for byte); wrong credentials store nothing', async () => {
    const stowDir = mkdtempSync(join(tmpdir(), 'dti-stow-'));
    try {
      const extra = writeSyntheticDtiStudy(stowDir, { dims: [16, 16, 2], voxelMm: 8, directionCount: 0, b0Count: 1, uidSeed: 'dicomweb-stow', studyInstanceUID: dti.studyInstanceUID, patientId: 'DW-001', patientName: 'WEB^PATIENT', seriesNumber: 9, seriesDescription: 'stored results' });
      const objects = extra.files.map((f, i) => ({ label: `object ${i + 1}`, bytes: new Uint8Array(readFileSync(join(stowDir, f))) }));
      const wrong = { ...conn, auth: { kind: 'basic' as const, user: USER.name, password: 'wrong' } };
      await expect(storeObjects(nodeFetch, wrong, dti.studyInstanceUID, objects)).rejects.toThrow(
        `${orthanc.dicomwebUrl} refused the credentials while storing 1 of 2 (object 1) (HTTP 401 Unauthorized): check the user name and password or the token; nothing was stored.`,
      );
      expect((await searchSeries(nodeFetch, conn, dti.studyInstanceUID)).map((x) => x.description)).toEqual(['DTI 6dir', 'b0 only']);
      await storeObjects(nodeFetch, conn, dti.studyInstanceUID, objects);
      expect((await searchSeries(nodeFetch, conn, dti.studyInstanceUID)).map((x) => x.description)).toEqual(['DTI 6dir', 'b0 only', 'stored results']);
      const folder = await retrieveStudy(nodeFetch, conn, { studyInstanceUID: dti.studyInstanceUID, patientName: '', studyDate: '' }, { cache: new RetrievalCache() });
      const back = await Promise.all(folder.files.filter((f) => f.path.startsWith('9_')).map(async (f) => Buffer.from(await f.read()).toString('base64')));
      expect(back.sort()).toEqual(objects.map((o) => Buffer.from(o.bytes).toString('base64')).sort());
    } finally {
      rmSync(stowDir, { recursive: true, force: true });
    }
  });

  it('cancel (AbortSignal) stops a retrieval with an AbortError', async () => {
    const abort = new AbortController();
    const run = retrieveStudy(nodeFetch, conn, { studyInstanceUID: dti.studyInstanceUID, patientName: '', studyDate: '' }, {
      signal: abort.signal,
      cache: new RetrievalCache(),
      onProgress: (p) => p.bytes > 0 && abort.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe.skipIf(!hasOrthanc)('DICOMweb server unreachable', () => {
  it('a closed loopback port gives a "Cannot reach" message', async () => {
    // Start and stop a server so the port is known to be closed now.
    const gone = await startOrthanc();
    await gone.stop();
    const error = await searchStudies(nodeFetch, { url: gone.dicomwebUrl, auth: { kind: 'none' } }, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DicomwebError);
    expect((error as Error).message).toMatch(new RegExp(`^Cannot reach ${gone.dicomwebUrl.replace(/\./g, '\\.')} while searching studies \\(.*ECONNREFUSED.*\\): check the URL`));
  });
});
