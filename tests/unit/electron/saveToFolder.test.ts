import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveToFolder, type FolderExportFile } from '../../../electron/export/saveToFolder';
import { OpenedFolders } from '../../../electron/fs/openedFolders';
import { createHandlers } from '../../../electron/ipc/handlers';
import { createIpcRegistry, type IpcHandlers } from '../../../electron/ipc/ipcRegistry';
import { RecentFolders } from '../../../electron/recent/recentFolders';
import { isTrustedSender } from '../../../electron/security/senderGate';

/** tmp/source is an opened source folder; every test exports into a fresh tmp/out-N. */
let tmp: string;
let source: string;
let count = 0;

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'dti-folder-export-')));
  source = join(tmp, 'source');
  mkdirSync(join(source, 'sub'), { recursive: true });
  writeFileSync(join(source, 'IM0001'), 'original');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function freshFolder(): string {
  const dir = join(tmp, `out-${++count}`);
  mkdirSync(dir);
  return dir;
}

const nifti = new Uint8Array([0, 31, 139, 8, 0, 9]).subarray(1, 5);
const files: FolderExportFile[] = [
  { name: 'dti_export_20250101_long.csv', data: 'subject,value\nS-0123456789ab,0.42\n' },
  { name: 'dti_export_20250101_provenance.json', data: '{"app":"x"}' },
  { name: 'S-0123456789ab_24-h_FA.nii.gz', data: nifti },
];

/** Every entry of `dir`, sorted: a temp file left behind would show up here. */
const listing = (dir: string) => readdirSync(dir).sort();

describe('saveToFolder', () => {
  it('writes every file into the folder with its exact bytes, asking nothing', async () => {
    const out = freshFolder();
    const asked: string[][] = [];
    const result = await saveToFolder(out, files, [source], async (names) => (asked.push(names), true));
    expect(result).toEqual({ saved: true, folder: out, names: files.map((f) => f.name) });
    expect(listing(out)).toEqual(files.map((f) => f.name).sort());
    expect(readFileSync(join(out, files[0].name), 'utf8')).toBe('subject,value\nS-0123456789ab,0.42\n');
    // Only the view's bytes, not the whole underlying buffer.
    expect([...readFileSync(join(out, files[2].name))]).toEqual([31, 139, 8, 0]);
    expect(asked).toEqual([]);
  });

  it('resolves a symlinked export folder to its real path', async () => {
    const out = freshFolder();
    const link = join(tmp, `link-to-out-${count}`);
    symlinkSync(out, link);
    expect(await saveToFolder(link, files.slice(0, 1), [source])).toEqual({ saved: true, folder: out, names: [files[0].name] });
    expect(listing(out)).toEqual([files[0].name]);
  });

  it.each([
    ['the source folder itself', () => source],
    ['a subfolder of the source', () => join(source, 'sub')],
    ['a symlink to the source', () => {
      const link = join(tmp, `looks-safe-${++count}`);
      symlinkSync(source, link);
      return link;
    }],
    ['a symlink to a source subfolder', () => {
      const link = join(tmp, `looks-safe-${++count}`);
      symlinkSync(join(source, 'sub'), link);
      return link;
    }],
  ])('refuses %s with a clear message and writes nothing', async (_label, folder) => {
    const result = await saveToFolder(folder(), files, [source], async () => true);
    expect(result.saved).toBe(false);
    if (!result.saved) expect(result.reason).toMatch(/^refused: .* is inside the opened source folder /);
    expect(listing(source)).toEqual(['IM0001', 'sub']);
    expect(listing(join(source, 'sub'))).toEqual([]);
    expect(readFileSync(join(source, 'IM0001'), 'utf8')).toBe('original');
  });

  it('refuses a target name planted as a symlink into the source, before asking anything', async () => {
    const out = freshFolder();
    symlinkSync(join(source, 'IM0001'), join(out, files[0].name));
    const asked: string[][] = [];
    const result = await saveToFolder(out, files, [source], async (names) => (asked.push(names), true));
    expect(result).toEqual({ saved: false, reason: `refused: ${files[0].name} leads inside the opened source folder ${source}` });
    expect(asked).toEqual([]);
    expect(readFileSync(join(source, 'IM0001'), 'utf8')).toBe('original');
    expect(listing(out)).toEqual([files[0].name]);
  });

  it('asks once with every existing name; cancel writes nothing, replace writes all', async () => {
    const out = freshFolder();
    writeFileSync(join(out, files[0].name), 'old long');
    writeFileSync(join(out, files[2].name), 'old FA');
    const asked: string[][] = [];
    const cancel = await saveToFolder(out, files, [source], async (names) => (asked.push(names), false));
    expect(cancel.saved).toBe(false);
    if (!cancel.saved) expect(cancel.reason).toBe(`nothing written: 2 file(s) already exist in ${out} (${files[0].name}, ${files[2].name})`);
    expect(asked).toEqual([[files[0].name, files[2].name]]);
    expect(listing(out)).toEqual([files[0].name, files[2].name].sort());
    expect(readFileSync(join(out, files[0].name), 'utf8')).toBe('old long');

    // No question asker at all: existing files are never replaced.
    expect(await saveToFolder(out, files, [source])).toMatchObject({ saved: false });
    expect(readFileSync(join(out, files[2].name), 'utf8')).toBe('old FA');

    const replace = await saveToFolder(out, files, [source], async (names) => (asked.push(names), true));
    expect(replace).toEqual({ saved: true, folder: out, names: files.map((f) => f.name) });
    expect(asked).toHaveLength(2);
    expect(readFileSync(join(out, files[0].name), 'utf8')).toBe('subject,value\nS-0123456789ab,0.42\n');
    expect(listing(out)).toEqual(files.map((f) => f.name).sort());
  });

  it.each([
    ['../escape.csv', /path separator/],
    ['sub/x.csv', /path separator/],
    ['sub\\x.csv', /path separator/],
    ['..', /'\.\.'/],
    ['a..csv', /'\.\.'/],
    ['tab\there.csv', /control character/],
    ['nul\0.csv', /control character/],
    ['new\nline.csv', /control character/],
    ['', /empty/],
    ['x'.repeat(256), /longer than 255/],
    ['what?.csv', /Windows refuses/],
    ['trailing.', /ends with a dot/],
  ])('rejects the file name %j and writes none of the files', async (name, why) => {
    const out = freshFolder();
    const result = await saveToFolder(out, [...files, { name, data: 'x' }], [source], async () => true);
    expect(result.saved).toBe(false);
    if (!result.saved) {
      expect(result.reason).toMatch(/^refused file names: /);
      expect(result.reason).toMatch(why);
    }
    expect(listing(out)).toEqual([]);
    expect(existsSync(join(tmp, 'escape.csv'))).toBe(false);
  });

  it('rejects two files whose names differ only in case (one file on macOS and Windows)', async () => {
    const out = freshFolder();
    const result = await saveToFolder(out, [files[0], { name: files[0].name.toUpperCase(), data: 'y' }], [source]);
    expect(result).toEqual({ saved: false, reason: 'refused: two files with the same name' });
    expect(listing(out)).toEqual([]);
  });

  it('a write failing midway stops, names what was written, and leaves no temp file', async () => {
    const out = freshFolder();
    // A directory squatting on the third name: the user agrees to replace it, the rename fails.
    mkdirSync(join(out, files[2].name));
    const result = await saveToFolder(out, files, [source], async () => true);
    expect(result.saved).toBe(false);
    if (!result.saved) expect(result.reason).toMatch(new RegExp(`^wrote 2 of 3 \\(${files[0].name}, ${files[1].name}\\), then could not write ${files[2].name.replace(/\./g, '\\.')} in `));
    expect(listing(out)).toEqual(files.map((f) => f.name).sort());
    expect(readdirSync(join(out, files[2].name))).toEqual([]);
  });

  it('reports a folder that does not exist or is a file', async () => {
    expect(await saveToFolder(join(tmp, 'missing'), files, [source])).toMatchObject({ saved: false, reason: expect.stringMatching(/^cannot open .*ENOENT/) });
    const file = join(freshFolder(), 'plain.txt');
    writeFileSync(file, 'x');
    expect(await saveToFolder(file, files, [source])).toEqual({ saved: false, reason: `${file} is not a folder` });
  });
});

describe('export:saveToFolder channel', () => {
  const ours = { sender: { id: 7 }, senderFrame: { url: 'app://bundle/index.html', parent: null } };
  const foreign = { sender: { id: 8 }, senderFrame: { url: 'app://bundle/index.html', parent: null } };

  function registry(chooseExportFolder: () => Promise<string | null>, confirmReplace?: (names: string[]) => Promise<boolean>) {
    const folders = new OpenedFolders();
    folders.add(source, 'source');
    const handlers = createHandlers({
      folders,
      recent: new RecentFolders(join(tmp, `recent-${++count}.json`)),
      demoRoot: join(tmp, 'no-demo'),
      chooseFolder: async () => null,
      chooseSaveTarget: async () => null,
      chooseExportFolder,
      confirmReplace,
      appInfo: () => ({ name: 'x', version: '0', platform: 'linux', arch: 'x64', versions: { electron: '', chrome: '', node: '' } }),
      launch: { kind: 'demo' },
    });
    return createIpcRegistry({ handlers: handlers as IpcHandlers, isTrustedSender: (e) => isTrustedSender(e, new Set([7])) });
  }

  it('shows one folder dialog and writes every file there', async () => {
    const out = freshFolder();
    let dialogs = 0;
    const r = registry(async () => (dialogs++, out));
    expect(await r.dispatch('export:saveToFolder', ours, [{ files }])).toEqual({ ok: true, value: { saved: true, folder: out, names: files.map((f) => f.name) } });
    expect(dialogs).toBe(1);
    expect(listing(out)).toEqual(files.map((f) => f.name).sort());
  });

  it('refuses the opened source folder picked in the dialog, and a cancelled dialog writes nothing', async () => {
    expect(await registry(async () => source).dispatch('export:saveToFolder', ours, [{ files }])).toMatchObject({
      ok: true,
      value: { saved: false, reason: expect.stringMatching(/inside the opened source folder/) },
    });
    expect(await registry(async () => null).dispatch('export:saveToFolder', ours, [{ files }])).toEqual({ ok: true, value: { saved: false, reason: 'cancelled' } });
    expect(listing(source)).toEqual(['IM0001', 'sub']);
  });

  it('validates names in the contract and checks the sender before any dialog opens', async () => {
    let dialogs = 0;
    const r = registry(async () => (dialogs++, freshFolder()));
    const bad = await r.dispatch('export:saveToFolder', ours, [{ files: [{ name: '../x.csv', data: 'x' }] }]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS', message: expect.stringMatching(/not a plain file name/) } });
    const twice = await r.dispatch('export:saveToFolder', ours, [{ files: [files[0], files[0]] }]);
    expect(twice).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS', message: expect.stringMatching(/same name/) } });
    expect(await r.dispatch('export:saveToFolder', ours, [{ files: [] }])).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
    expect(await r.dispatch('export:saveToFolder', foreign, [{ files }])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(dialogs).toBe(0);
  });
});
