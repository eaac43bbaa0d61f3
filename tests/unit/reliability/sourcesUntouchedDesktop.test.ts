import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveExport } from '../../../electron/export/saveExport';
import { OpenedFolders } from '../../../electron/fs/openedFolders';
import { createHandlers, type HandlerDeps } from '../../../electron/ipc/handlers';
import { RecentFolders } from '../../../electron/recent/recentFolders';
import { openSqliteStore } from '../../../electron/store/sqliteStore';
import { createStoreHandlers } from '../../../electron/store/storeHandlers';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { abc2Volume } from '../../../src/core/abc2/abc2Volume';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { fitVolume } from '../../../src/core/dti/fitVolume';
import { buildExportFiles } from '../../../src/core/export/exportFiles';
import type { SessionRoi } from '../../../src/core/export/sessionFile';
import type { FileSource } from '../../../src/core/io/FileSource';
import type { MeasurementKey, ScalarVolume } from '../../../src/core/measure/types';
import { reflectRoi } from '../../../src/core/mirror/reflectRoi';
import { mapNifti } from '../../../src/core/nifti/mapExports';
import { ellipseRoi } from '../../../src/core/roi/ellipseRoi';
import { roiStats } from '../../../src/core/roi/roiStats';
import { voxelToLps } from '../../../src/core/roi/voxelAffine';
import { assembleVolume } from '../../../src/core/volume/assembleVolume';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../../helpers/sharedData';
import { session, study } from '../export/sessionFixture';

/**
 * The desktop counterpart of tests/e2e/sources.e2e.ts: a full session driven through the Electron
 * main-process modules exactly as the IPC channels call them — folder:open (openFolderAt,
 * listFolderTree), every byte through file:read (readFileRange), the SQLite store through the
 * store channels, exports through export:save (saveExport, write-file-atomic) — on a writable copy
 * of a real Philips DTI series (547 files). Afterwards every file of the folder has the same sha256, size, mtime and
 * mode, and the folder lists exactly the same entries. Exports land outside, atomically; targets
 * inside the folder, or reaching it through a symlink, are refused with a message.
 */

/** Philips classic DICOM DTI (b 0/1000, 16 volumes of diffusion weighting), the e2e's reference brain. */
const SERIES = 'philips_701_DTI_Biobank_cl';

/** Every entry under `dir`, recursively: files → sha256 size mtime mode; folders → mtime mode (a new file changes its folder's mtime). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = { '.': `dir ${statSync(dir).mtimeMs} ${statSync(dir).mode.toString(8)}` };
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(dir, name);
    const info = lstatSync(path);
    out[name] = info.isDirectory()
      ? `dir ${info.mtimeMs} ${info.mode.toString(8)}`
      : `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${info.size} ${info.mtimeMs} ${info.mode.toString(8)}`;
  }
  return out;
}

const noEvent = { sender: { id: 1 }, senderFrame: null };

describe.skipIf(!hasSharedDicom)(`desktop session leaves the source folder untouched (${hasSharedDicom ? SERIES : sharedDicomSkipMessage})`, () => {
  let work: string;
  let source: string;
  let out: string;
  let before: Record<string, string>;
  /** What the save dialog answers next. */
  let saveTarget = '';
  /** What the overwrite question answers next. */
  let overwrite = false;
  let handlers: ReturnType<typeof createHandlers>;

  beforeAll(() => {
    work = realpathSync(mkdtempSync(join(tmpdir(), 'untouched-desktop-')));
    source = join(work, 'source');
    out = join(work, 'exports');
    cpSync(join(sharedSeriesDir(SERIES), 'dicom'), join(source, 'dicom'), { recursive: true });
    // Writable like a user's own folder, so an accidental write would succeed and be seen.
    for (const f of readdirSync(join(source, 'dicom'))) chmodSync(join(source, 'dicom', f), 0o644);
    chmodSync(join(source, 'dicom'), 0o755);
    mkdirSync(out);
    mkdirSync(join(work, 'state'));
    before = snapshot(source);
    const deps: HandlerDeps = {
      folders: new OpenedFolders(),
      recent: new RecentFolders(join(work, 'state', 'recent.json')),
      demoRoot: join(work, 'no-demo'),
      chooseFolder: async () => source,
      chooseSaveTarget: async () => saveTarget,
      confirmOverwrite: async () => overwrite,
      appInfo: () => ({ name: 'DTI Trial Viewer', version: '0.1.0', platform: 'linux', arch: 'x64', versions: { electron: '45.3.4', chrome: '1', node: '22' } }),
      launch: { kind: 'demo' },
    };
    handlers = createHandlers(deps);
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** export:save with the dialog answering `target`. */
  const save = (target: string, data: Uint8Array | string) => {
    saveTarget = target;
    return handlers['export:save']({ suggestedName: 'ignored', data }, noEvent);
  };

  it('open → index → fit → ROI + mirror → ABC/2 → stored → CSV/JSON/NIfTI exported outside; folder identical', async () => {
    const fileCount = readdirSync(join(source, 'dicom')).length;
    expect(fileCount).toBe(547);
    expect(Object.keys(before).length).toBe(fileCount + 2); // '.', 'dicom' and its files

    const listing = (await handlers['folder:open'](undefined, noEvent))!;
    expect(listing.files).toHaveLength(fileCount);
    expect(listing.unreadable).toEqual([]);
    const files: FileSource[] = listing.files.map((f) => ({
      path: f.path,
      size: f.size,
      read: (start = 0, end = f.size) => handlers['file:read']({ folderId: listing.folderId, path: f.path, start, end }, noEvent),
    }));
    const index = await indexFiles(files);
    const studyEntry = index.patients[0].studies[0];
    const series = studyEntry.series.find((s) => s.kind === 'dwi' && s.directionCount >= 6)!;
    expect(series).toBeDefined();
    const volume = await assembleVolume(planSeries(series), new Map(files.map((f) => [f.path, f])), createFrameDecoder());
    const maps = fitVolume(volume, { estimator: 'wls' });
    const [nx, ny, nz] = maps.dims;
    expect(maps.counts.fitted).toBeGreaterThan((nx * ny * nz) / 10);

    // A 12 × 8 mm ellipse 10 voxels right of the brain mask's centroid on the middle slice, and its
    // mirror across the plane through that centroid normal to the row direction.
    const k = Math.floor(nz / 2);
    let ci = 0;
    let cj = 0;
    let count = 0;
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++)
        if (maps.mask[i + nx * (j + ny * k)]) {
          ci += i;
          cj += j;
          count++;
        }
    ci = Math.round(ci / count);
    cj = Math.round(cj / count);
    const centre = voxelToLps(maps.affine, ci, cj, k);
    const here = voxelToLps(maps.affine, ci + 10, cj, k);
    const rowDir = here.map((v, i) => (v - centre[i]) / 10) as [number, number, number];
    const rowUnit = rowDir.map((v) => v / Math.hypot(...rowDir)) as [number, number, number];
    const colStep = voxelToLps(maps.affine, ci, cj + 1, k).map((v, i) => v - centre[i]);
    const colUnit = colStep.map((v) => v / Math.hypot(...colStep)) as [number, number, number];
    const core = ellipseRoi({ id: 'roi-core', name: 'Core', role: 'infarct-core' }, here, rowUnit.map((v) => 6 * v) as [number, number, number], colUnit.map((v) => 4 * v) as [number, number, number]);
    const mirror = { ...reflectRoi(core, { origin: centre, normal: rowUnit }, 'roi-mirror'), mirrorOf: core.id };
    const scalar = (name: 'fa' | 'md' | 'ad' | 'rd'): ScalarVolume => ({ dims: maps.dims, affine: maps.affine, data: maps.scalars[name] });
    const volumes = { fa: scalar('fa'), md: scalar('md'), ad: scalar('ad'), rd: scalar('rd') };
    const coreStats = roiStats(core, volumes);
    const mirrorStats = roiStats(mirror, volumes);
    // π·6·4 mm² ≈ 75 mm² over the in-plane voxel area: the ROI and its mirror hold that many voxels (±25 %).
    const pixelMm2 = maps.spacing[0] * maps.spacing[1];
    for (const s of [...coreStats, ...mirrorStats]) expect(Math.abs(s.n - (Math.PI * 24) / pixelMm2)).toBeLessThan((0.25 * Math.PI * 24) / pixelMm2);
    const fa = coreStats.find((s) => s.map === 'fa')!;
    expect(fa.mean).toBeGreaterThan(0);
    expect(fa.mean).toBeLessThan(1);

    // Store (SQLite outside the folder), through the store channels.
    const store = createStoreHandlers(openSqliteStore(join(work, 'state', 'measurements.sqlite')));
    const key: MeasurementKey = { studyInstanceUID: studyEntry.studyInstanceUID, seriesInstanceUID: series.seriesInstanceUID, frameOfReferenceUID: series.frameOfReferenceUID };
    await store['store:saveRoi']({ key, roi: core, reader: 'R1' }, noEvent);
    await store['store:saveRoi']({ key, roi: mirror, reader: 'R1' }, noEvent);
    const abc = { aMm: 12, bMm: 8, cMm: 2 * maps.spacing[2] };
    await store['store:saveMeasurement']({ measurement: { id: 'abc-1', key, name: 'Infarct ABC/2', role: 'infarct-core', payload: { kind: 'abc2', ...abc, volumeMl: abc2Volume(abc) } }, reader: 'R1' }, noEvent);
    expect((await store['store:listRois']({ scope: key }, noEvent)).map((r) => r.roi.id).sort()).toEqual(['roi-core', 'roi-mirror']);
    expect((await store['store:listMeasurements']({ scope: key }, noEvent)).map((m) => m.id)).toEqual(['abc-1']);

    // Exports: every trial file and the FA map, saved outside through export:save.
    const rois: SessionRoi[] = [
      { roi: core, seriesInstanceUID: series.seriesInstanceUID, stats: coreStats, measuredAt: '2024-03-02T10:00:00.000Z' },
      { roi: mirror, seriesInstanceUID: series.seriesInstanceUID, stats: mirrorStats, measuredAt: '2024-03-02T10:00:00.000Z' },
    ];
    const sess = session('dicom', [
      study(studyEntry.studyInstanceUID, studyEntry.studyDate, rois, {
        lesions: [{ id: 'abc-1', name: 'lesion', seriesInstanceUID: series.seriesInstanceUID, abcMm: [abc.aMm, abc.bMm, abc.cMm], planimetricMl: null, measuredAt: '2024-03-02T10:05:00.000Z' }],
      }),
    ]);
    const exportFiles = buildExportFiles([sess], { salt: 'trial-key', dates: 'remove', include: [], units: 'trial', appVersion: '0.1.0', exportedAt: '2024-04-01T00:00:00.000Z' }).files;
    const nifti = mapNifti({ maps, b0: maps.scalars.s0 }, 'FA');
    const written: Record<string, Buffer> = {};
    for (const file of [...exportFiles.map((f) => ({ name: f.name, data: f.text as string | Uint8Array })), { name: 'dti_FA.nii.gz', data: nifti }]) {
      const result = await save(join(out, file.name), file.data);
      expect(result).toEqual({ saved: true, path: join(out, file.name) });
      written[file.name] = Buffer.from(typeof file.data === 'string' ? new TextEncoder().encode(file.data) : file.data);
    }
    // Atomic: only the finished files in the target folder (no temp leftovers), each byte-exact.
    expect(readdirSync(out).sort()).toEqual(Object.keys(written).sort());
    for (const [name, bytes] of Object.entries(written)) expect(readFileSync(join(out, name)).equals(bytes)).toBe(true);
    expect(readFileSync(join(out, 'dti_export_long.csv'), 'utf8')).toContain('infarct-core');

    expect(snapshot(source)).toEqual(before);
  });

  it('a confirmed save replaces an existing export by rename (new inode, never a half-written original); unconfirmed leaves it', async () => {
    const target = join(out, 'replace.csv');
    const old = 'old,content,that,is,longer,than,the,new,one\n'.repeat(50);
    writeFileSync(target, old);
    const oldInode = statSync(target).ino;
    overwrite = false;
    expect(await save(target, 'a,b\n1,2\n')).toEqual({ saved: false, reason: `not overwritten: ${target} exists` });
    expect(readFileSync(target, 'utf8')).toBe(old);
    overwrite = true;
    expect(await save(target, 'a,b\n1,2\n')).toEqual({ saved: true, path: target });
    expect(readFileSync(target, 'utf8')).toBe('a,b\n1,2\n');
    expect(statSync(target).ino).not.toBe(oldInode);
    expect(readdirSync(out).filter((n) => n.startsWith('replace.csv'))).toEqual(['replace.csv']);
  });

  it('refuses targets inside the opened folder, directly, via "..", via a symlinked folder and via a planted link', async () => {
    overwrite = true; // even a user saying yes to "replace" cannot replace a source file
    const first = readdirSync(join(source, 'dicom'))[0];
    const link = join(work, 'link-to-source');
    symlinkSync(source, link, 'dir');
    const planted = join(out, 'planted.csv');
    symlinkSync(join(source, 'dicom', first), planted);
    const dangling = join(out, 'dangling.csv');
    symlinkSync(join(source, 'new-file.csv'), dangling);
    for (const target of [join(source, 'export.csv'), join(source, 'dicom', 'export.csv'), join(out, '..', 'source', 'export.csv'), join(link, 'dicom', 'export.csv'), planted, dangling, source]) {
      const result = await save(target, 'roi,value\n1,2\n');
      expect(result.saved).toBe(false);
      expect(result).toMatchObject({ reason: expect.stringMatching(new RegExp(`^refused: .* is inside the opened source folder ${source}$`)) });
    }
    // The same check straight on saveExport, as main calls it, with the opened roots only.
    expect((await saveExport(join(link, 'x.json'), '{}', [source])).saved).toBe(false);
    expect(existsSync(join(source, 'new-file.csv'))).toBe(false);
    expect(snapshot(source)).toEqual(before);
  });
});
