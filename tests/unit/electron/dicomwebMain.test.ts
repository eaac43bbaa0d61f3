import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDicomwebHandlers } from '../../../electron/dicomweb/dicomwebHandlers';
import { createDicomwebRequester } from '../../../electron/dicomweb/dicomwebRequests';
import { SignInStore, type SignInCipher } from '../../../electron/dicomweb/signInStore';
import { createIpcRegistry, type IpcHandlers } from '../../../electron/ipc/ipcRegistry';
import type { InvokeEventLike } from '../../../electron/security/senderGate';
import { createElectronPlatform } from '../../../src/platform/electronPlatform';
import type { FetchFn } from '../../../src/platform/Platform';
import { DicomwebError, retrieveStudy, searchStudies, type DicomwebConnection } from '../../../src/services/dicomwebClient';
import { storeObjects } from '../../../src/services/dicomwebStow';
import { RetrievalCache } from '../../../src/services/retrievalCache';
import { IpcChannel, type DtiApi, type IpcChannelName } from '../../../src/shared/ipcContract';
import { writeSyntheticDtiStudy, type WrittenSeries } from '../../fixtures/syntheticStudy';
import { startFakeDicomweb, type FakeDicomweb } from '../../helpers/fakeDicomweb';
import { hasOrthanc, startOrthanc, type RunningOrthanc } from '../../helpers/orthanc';

/**
 * The desktop DICOMweb path without Electron: the renderer's client → the Electron platform's
 * fetch → the IPC registry (sender gate, zod validation) → main's requester (Node fetch, saved
 * sign-ins decrypted by an injected cipher) → a DICOMweb server on loopback.
 */

const USER = { name: 'reader', password: 'p@ss wörd' };

/** Stands in for safeStorage: reversible, and visibly not the plain text. */
function fakeCipher(available = true): SignInCipher & { decrypted: number } {
  const cipher = {
    decrypted: 0,
    isAvailable: () => available,
    encrypt: (plain: string) => Buffer.from(`ENC:${Buffer.from(plain, 'utf8').reverse().toString('base64')}`),
    decrypt: (encrypted: Buffer) => {
      cipher.decrypted++;
      const text = encrypted.toString();
      if (!text.startsWith('ENC:')) throw new Error('not ours');
      return Buffer.from(text.slice(4), 'base64').reverse().toString('utf8');
    },
  };
  return cipher;
}

const trustedEvent: InvokeEventLike = { sender: { id: 1 }, senderFrame: { url: 'app://bundle/index.html', parent: null } };

/** A DtiApi whose DICOMweb methods go through the real registry and handlers, as the preload's would. */
function apiThroughMain(signIns: SignInStore): DtiApi {
  const handlers = createDicomwebHandlers(createDicomwebRequester({ fetch: (url, init) => fetch(url, { ...init, body: init.body as BodyInit | undefined }), signIns }), signIns);
  const registry = createIpcRegistry({ handlers: handlers as unknown as IpcHandlers, isTrustedSender: (e) => e.sender.id === 1 });
  const call = (channel: IpcChannelName) => (args?: unknown) => registry.dispatch(channel, trustedEvent, args === undefined ? [] : [args]);
  return {
    dicomwebRequest: call(IpcChannel.dicomwebRequest),
    dicomwebCancel: call(IpcChannel.dicomwebCancel),
    saveSignIn: call(IpcChannel.saveSignIn),
    savedSignIn: call(IpcChannel.savedSignIn),
    forgetSignIn: call(IpcChannel.forgetSignIn),
  } as unknown as DtiApi;
}

describe('saved DICOMweb sign-ins (SignInStore)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dti-signins-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the secret encrypted on disk, describes it without the secret, and gives it only to its own server', async () => {
    const file = join(dir, 'a.json');
    const store = new SignInStore(file, fakeCipher());
    expect(await store.save('HTTP://Pacs:8042/dicom-web/', { kind: 'basic', user: 'reader', password: 'hunter2' })).toEqual({ saved: true });
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('hunter2');
    expect(JSON.parse(onDisk).servers[0]).toMatchObject({ server: 'http://pacs:8042/dicom-web', kind: 'basic', user: 'reader' });
    const reopened = new SignInStore(file, fakeCipher());
    await reopened.load();
    expect(reopened.describe('http://pacs:8042/dicom-web')).toEqual({ server: 'http://pacs:8042/dicom-web', kind: 'basic', user: 'reader' });
    expect(reopened.secretFor('http://pacs:8042/dicom-web/studies/1.2.3/series?includefield=x')).toEqual({ kind: 'basic', user: 'reader', password: 'hunter2' });
    // Another path that merely starts with the same letters, another port, another scheme: not this server.
    expect(reopened.secretFor('http://pacs:8042/dicom-web2/studies')).toBeNull();
    expect(reopened.secretFor('http://pacs:8043/dicom-web/studies')).toBeNull();
    expect(reopened.secretFor('https://pacs:8042/dicom-web/studies')).toBeNull();
    expect(await reopened.forget('http://pacs:8042/dicom-web')).toBe(true);
    expect(reopened.secretFor('http://pacs:8042/dicom-web/studies')).toBeNull();
    expect(await reopened.forget('http://pacs:8042/dicom-web')).toBe(false);
  });

  it('saves nothing without OS encryption; a secret it cannot decrypt, or a corrupt file, counts as none', async () => {
    const file = join(dir, 'b.json');
    expect(await new SignInStore(file, fakeCipher(false)).save('http://pacs/dicom-web', { kind: 'bearer', token: 'tok' })).toEqual({
      saved: false,
      reason: 'this computer offers no encrypted storage (no OS keychain): the sign-in is kept for this session only',
    });
    expect(existsSync(file)).toBe(false);
    writeFileSync(file, JSON.stringify({ version: 1, servers: [{ server: 'http://pacs/dicom-web', kind: 'bearer', user: '', secret: Buffer.from('garbage').toString('base64') }] }));
    const store = new SignInStore(file, fakeCipher());
    await store.load();
    expect(store.describe('http://pacs/dicom-web')).toMatchObject({ kind: 'bearer' });
    expect(store.secretFor('http://pacs/dicom-web/studies')).toBeNull();
    writeFileSync(file, '{not json');
    await store.load();
    expect(store.describe('http://pacs/dicom-web')).toBeNull();
  });
});

describe('DICOMweb through the main process (fake server on loopback)', () => {
  let dir: string;
  let dti: WrittenSeries;
  let files: Uint8Array[];
  let fake: FakeDicomweb;
  let signIns: SignInStore;
  let cipher: ReturnType<typeof fakeCipher>;
  let fetchFn: FetchFn;
  let platform: ReturnType<typeof createElectronPlatform>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dti-main-dicomweb-'));
    dti = writeSyntheticDtiStudy(dir, { dims: [12, 12, 3], voxelMm: 8, directionCount: 6, uidSeed: 'main-dw', patientId: 'MAIN-1', seriesDescription: 'DTI' });
    files = dti.files.map((f) => new Uint8Array(readFileSync(join(dir, f))));
  });
  afterEach(async () => fake?.close());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function start() {
    fake = await startFakeDicomweb(files, { user: USER });
    cipher = fakeCipher();
    signIns = new SignInStore(join(dir, `signins-${Math.random()}.json`), cipher);
    platform = createElectronPlatform(apiThroughMain(signIns));
    fetchFn = platform.dicomwebFetch!;
  }

  const study = () => ({ studyInstanceUID: dti.studyInstanceUID, patientName: '', studyDate: '' });

  it('typed sign-in: search, retrieve and store work as in the browser; a wrong password is the same 401 message', async () => {
    await start();
    const conn: DicomwebConnection = { url: fake.url, auth: { kind: 'basic', user: USER.name, password: USER.password } };
    expect((await searchStudies(fetchFn, conn, {})).map((s) => s.studyInstanceUID)).toEqual([dti.studyInstanceUID]);
    const folder = await retrieveStudy(fetchFn, conn, study(), { cache: new RetrievalCache() });
    expect(folder.files).toHaveLength(files.length);
    expect(Buffer.from(await folder.files[0].read()).equals(Buffer.from(files[0]))).toBe(true);
    const extra = writeSyntheticDtiStudy(join(dir, 'x'), { dims: [12, 12, 1], directionCount: 0, b0Count: 1, uidSeed: 'main-stow', studyInstanceUID: dti.studyInstanceUID });
    await storeObjects(fetchFn, conn, dti.studyInstanceUID, [{ label: 'Segmentation', bytes: new Uint8Array(readFileSync(join(dir, 'x', extra.files[0]))) }]);
    expect(fake.instances).toHaveLength(files.length + 1);
    const wrong = { ...conn, auth: { kind: 'basic' as const, user: USER.name, password: 'nope' } };
    await expect(searchStudies(fetchFn, wrong, {})).rejects.toThrow(`${fake.url} refused the credentials while searching studies (HTTP 401 Unauthorized): check the user name and password or the token.`);
  });

  it('saved sign-in: saved through IPC, described without its secret, added by main to each request; the page never sees it', async () => {
    await start();
    const keeper = platform.signIns!;
    expect(await keeper.saved(fake.url)).toBeNull();
    expect(await keeper.save(fake.url, { kind: 'basic', user: USER.name, password: USER.password })).toEqual({ saved: true });
    const described = await keeper.saved(`${fake.url}/`);
    expect(described).toEqual({ server: fake.url, kind: 'basic', user: USER.name });
    expect(JSON.stringify(described)).not.toContain(USER.password);
    const conn: DicomwebConnection = { url: fake.url, auth: { kind: 'saved', user: USER.name } };
    const folder = await retrieveStudy(fetchFn, conn, study(), { cache: new RetrievalCache() });
    expect(folder.files).toHaveLength(files.length);
    const expected = `Basic ${Buffer.from(`${USER.name}:${USER.password}`).toString('base64')}`;
    expect(fake.requests.every((r) => r.authorization === expected)).toBe(true);
    expect(cipher.decrypted).toBe(fake.requests.length);
    expect(await keeper.forget(fake.url)).toBe(true);
    const error = await searchStudies(fetchFn, conn, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DicomwebError);
    expect((error as Error).message).toBe(`${fake.url} was not asked while searching studies: no sign-in is saved on this computer for this server: enter it again.`);
  });

  it('unreachable server: the same "Cannot reach" message, with the cause from main', async () => {
    await start();
    const url = fake.url;
    await fake.close();
    const error = await searchStudies(fetchFn, { url, auth: { kind: 'none' } }, {}).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(new RegExp(`^Cannot reach ${url.replace(/\./g, '\\.')} while searching studies \\(.*ECONNREFUSED.*\\): check the URL`));
  });

  it('a connection lost mid-series in main still hands the whole instances to the renderer: the retry fetches only the rest', async () => {
    await start();
    const conn: DicomwebConnection = { url: fake.url, auth: { kind: 'basic', user: USER.name, password: USER.password } };
    const cache = new RetrievalCache();
    let cut = true;
    fake.fault = (r) => (cut && r.path.endsWith(`/series/${dti.seriesInstanceUID}`) ? { cutAfter: Math.round(files[0].length * 5.5) } : null);
    await expect(retrieveStudy(fetchFn, conn, study(), { cache })).rejects.toThrow(/the connection broke while retrieving series 1 of 1 \(DTI\) .*nothing was opened \(5 whole instances kept: Open again fetches only the rest\)\./);
    cut = false;
    fake.requests.length = 0;
    expect((await retrieveStudy(fetchFn, conn, study(), { cache })).files).toHaveLength(files.length);
    expect(fake.requests.filter((r) => /\/instances\/[\d.]+$/.test(r.path))).toHaveLength(files.length - 5);
  });

  it('cancel: the page aborts, main aborts its request, the client sees an AbortError', async () => {
    await start();
    // The server holds the answer until the test lets it go.
    let release!: () => void;
    const held = new Promise<void>((ok) => (release = ok));
    fake.fault = () => ({ status: 200, body: '[]', contentType: 'application/dicom+json' });
    const slowFetch: FetchFn = async (url, init) => {
      const p = fetchFn(url, init);
      await held;
      return p;
    };
    const abort = new AbortController();
    const run = searchStudies(slowFetch, { url: fake.url, auth: { kind: 'basic', user: USER.name, password: USER.password } }, {}, abort.signal);
    abort.abort();
    release();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('main refuses what the contract does not allow: user info in the URL, a header with a line break, another scheme', async () => {
    await start();
    const api = apiThroughMain(signIns);
    const base = { requestId: 'req-00000001', method: 'GET' as const, accept: 'application/dicom+json', useSavedSignIn: false };
    const refused = async (args: object) => {
      const result = await api.dicomwebRequest({ ...base, ...args } as Parameters<DtiApi['dicomwebRequest']>[0]);
      return result.ok ? 'accepted' : `${result.error.code}: ${result.error.message}`;
    };
    expect(await refused({ url: fake.url.replace('http://', 'http://u:p@') })).toBe('INVALID_ARGS: dicomweb:request: url: not an http(s) URL without user info');
    expect(await refused({ url: 'file:///etc/passwd' })).toBe('INVALID_ARGS: dicomweb:request: url: not an http(s) URL without user info');
    expect(await refused({ url: fake.url, authorization: 'Basic x\r\nX-Evil: 1' })).toBe('INVALID_ARGS: dicomweb:request: authorization: not a printable header value');
    expect(fake.requests).toHaveLength(0);
  });
});

describe.skipIf(!hasOrthanc)('DICOMweb through the main process against a real Orthanc (basic auth)', () => {
  let orthanc: RunningOrthanc;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dti-main-orthanc-'));
    const written = writeSyntheticDtiStudy(dir, { dims: [12, 12, 2], voxelMm: 8, directionCount: 0, b0Count: 1, uidSeed: 'main-orthanc', patientId: 'MAIN-ORTHANC' });
    orthanc = await startOrthanc({ user: USER });
    await orthanc.upload(written.files.map((f) => new Uint8Array(readFileSync(join(dir, f)))));
  });
  afterAll(async () => {
    await orthanc?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a saved sign-in finds the study; a wrong typed password is the 401 message; a stopped server is "Cannot reach"', async () => {
    const signIns = new SignInStore(join(dir, 'signins.json'), fakeCipher());
    const platform = createElectronPlatform(apiThroughMain(signIns));
    const fetchFn = platform.dicomwebFetch!;
    await platform.signIns!.save(orthanc.dicomwebUrl, { kind: 'basic', user: USER.name, password: USER.password });
    const found = await searchStudies(fetchFn, { url: orthanc.dicomwebUrl, auth: { kind: 'saved', user: USER.name } }, { patientId: 'MAIN-ORTHANC' });
    expect(found.map((s) => s.patientId)).toEqual(['MAIN-ORTHANC']);
    await expect(searchStudies(fetchFn, { url: orthanc.dicomwebUrl, auth: { kind: 'basic', user: USER.name, password: 'wrong' } }, {})).rejects.toThrow(
      `${orthanc.dicomwebUrl} refused the credentials while searching studies (HTTP 401 Unauthorized): check the user name and password or the token.`,
    );
    await orthanc.stop();
    await expect(searchStudies(fetchFn, { url: orthanc.dicomwebUrl, auth: { kind: 'saved', user: USER.name } }, {})).rejects.toThrow(/^Cannot reach .* while searching studies \(.*ECONNREFUSED.*\)/);
  });
});
