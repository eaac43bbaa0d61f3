import { describe, expect, it, vi } from 'vitest';
import { HostCallError, createElectronPlatform } from '../../../src/platform/electronPlatform';
import type { DtiApi, FolderListing, IpcResult, MenuCommand } from '../../../src/shared/ipcContract';

const listing: FolderListing = {
  folderId: 'folder-id-0001',
  name: 'p001',
  files: [{ path: 'dicom/IM0001', size: 1000 }],
  unreadable: [{ path: 'link', reason: 'symbolic link pointing outside the opened folder (not followed)' }],
};
const ok = <T,>(value: T): Promise<IpcResult<T>> => Promise.resolve({ ok: true, value });

function fakeApi(overrides: Partial<DtiApi> = {}): DtiApi {
  return {
    openFolder: () => ok(listing),
    openDemo: () => ok({ ...listing, name: 'Demo study' }),
    readFile: vi.fn(({ start, end }) => ok(new Uint8Array(end - start).fill(7))),
    saveExport: vi.fn(() => ok({ saved: true as const, path: '/out/x.csv' })),
    saveToFolder: vi.fn(({ files }: { files: { name: string }[] }) => ok({ saved: true as const, folder: '/out', names: files.map((f) => f.name) })),
    listRecent: () => ok([{ id: '0123456789abcdef', name: 'p001', path: '/scans/p001' }]),
    openRecent: () => ok(listing),
    takeLaunchFolder: () => ok(null),
    appInfo: () => ok({ name: 'x', version: '0', platform: 'linux', arch: 'x64', versions: { electron: '', chrome: '', node: '' } }),
    onMenuCommand: () => () => undefined,
    indexFolder: () => Promise.reject(new Error('host indexing not used in these tests')),
    readFiles: () => Promise.reject(new Error('bulk reads not used in these tests')),
    onIndexProgress: () => () => undefined,
    saveRoi: () => Promise.reject(new Error('store not used in these tests')),
    deleteRoi: () => ok(false),
    listRois: () => ok([]),
    saveMeasurement: () => Promise.reject(new Error('store not used in these tests')),
    deleteMeasurement: () => ok(false),
    listMeasurements: () => ok([]),
    measurementHistory: () => ok([]),
    saveSegmentation: () => Promise.reject(new Error('store not used in these tests')),
    deleteSegmentation: () => ok(false),
    listSegmentations: () => ok([]),
    saveRead: () => Promise.reject(new Error('store not used in these tests')),
    listReads: () => ok([]),
    storeStatus: () => Promise.reject(new Error('store not used in these tests')),
    verifyStore: () => Promise.reject(new Error('store not used in these tests')),
    dicomwebRequest: () => Promise.reject(new Error('DICOMweb not used in these tests')),
    dicomwebCancel: () => ok(false),
    saveSignIn: () => Promise.reject(new Error('DICOMweb not used in these tests')),
    savedSignIn: () => ok(null),
    forgetSignIn: () => ok(false),
    ...overrides,
  };
}

describe('electronPlatform', () => {
  it('turns a folder listing into FileSources whose read() goes through file:read with the folder id', async () => {
    const api = fakeApi();
    const folder = (await createElectronPlatform(api).openFolder())!;
    expect(folder.name).toBe('p001');
    expect(folder.unreadable).toEqual(listing.unreadable);
    const [file] = folder.files;
    expect([file.path, file.size]).toEqual(['dicom/IM0001', 1000]);
    expect((await file.read(128, 132)).byteLength).toBe(4);
    expect(api.readFile).toHaveBeenLastCalledWith({ folderId: 'folder-id-0001', path: 'dicom/IM0001', start: 128, end: 132 });
    await file.read();
    expect(api.readFile).toHaveBeenLastCalledWith({ folderId: 'folder-id-0001', path: 'dicom/IM0001', start: 0, end: 1000 });
  });

  it('rejects (not throws) with the contract error code when main refuses', async () => {
    const api = fakeApi({ readFile: () => Promise.resolve({ ok: false, error: { code: 'OUTSIDE_FOLDER', message: 'refused' } }) });
    const [file] = (await createElectronPlatform(api).openDemo()).files;
    const read = file.read(0, 1);
    await expect(read).rejects.toBeInstanceOf(HostCallError);
    await expect(read).rejects.toMatchObject({ code: 'OUTSIDE_FOLDER', message: 'refused' });
  });

  it('saveFile forwards name and data to export:save; recentFolders gives display names', async () => {
    const api = fakeApi();
    const platform = createElectronPlatform(api);
    expect(await platform.saveFile('trial.csv', 'a,b')).toEqual({ saved: true, path: '/out/x.csv' });
    expect(api.saveExport).toHaveBeenCalledWith({ suggestedName: 'trial.csv', data: 'a,b' });
    expect(await platform.recentFolders()).toEqual(['p001']);
    expect(platform.kind).toBe('electron');
  });

  it('saveFiles sends every file in one export:saveToFolder call and returns what main wrote', async () => {
    const api = fakeApi();
    const mask = new Uint8Array([31, 139, 8]);
    const files = [
      { name: 'dti_export_20250101_long.csv', data: 'a,b' },
      { name: 'S-0123456789ab_24-h_infarct-core-1_mask.nii.gz', data: mask },
    ];
    expect(await createElectronPlatform(api).saveFiles(files)).toEqual({ saved: true, folder: '/out', names: files.map((f) => f.name) });
    expect(api.saveToFolder).toHaveBeenCalledOnce();
    expect(api.saveToFolder).toHaveBeenCalledWith({ files });
    expect(api.saveExport).not.toHaveBeenCalled();
  });

  it('menu commands carrying a listing arrive as an OpenedFolder', () => {
    let emit: (c: MenuCommand) => void = () => undefined;
    const platform = createElectronPlatform(fakeApi({ onMenuCommand: (l) => ((emit = l), () => undefined) }));
    const seen: unknown[] = [];
    platform.onMenuCommand((c) => seen.push(c));
    emit({ kind: 'open-demo' });
    emit({ kind: 'folder-opened', folder: listing });
    expect(seen[0]).toEqual({ kind: 'open-demo' });
    expect(seen[1]).toMatchObject({ kind: 'folder-opened', folder: { name: 'p001', files: [{ path: 'dicom/IM0001', size: 1000 }] } });
  });
});
