import { z } from 'zod';
import type { IpcChannelName } from './ipcChannels.js';

/**
 * The one IPC contract between the Electron main process and the renderer.
 *
 * Main validates every argument against `ipcArgs` before a handler runs; the preload only uses
 * the channel names; the renderer imports the types. Every call returns an `IpcResult` envelope
 * instead of throwing, because errors thrown across `ipcMain.handle` reach the renderer as an
 * opaque "Error invoking remote method" string and lose their code.
 *
 * Paths in this contract are relative to an opened folder, '/'-separated, never absolute:
 * the renderer never learns or chooses a real filesystem path it could misuse.
 */

export { IpcChannel, IpcEvent, type IpcChannelName } from './ipcChannels.js';
/** Largest byte range one `file:read` may ask for (256 MiB): bounds main-process memory per call. */
export const MAX_READ_BYTES = 256 * 1024 * 1024;
/** Largest export one `export:save` accepts (1 GiB). */
export const MAX_EXPORT_BYTES = 1024 * 1024 * 1024;

const folderId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a folder id');

/** A relative '/'-separated path: no NUL, no backslash, not absolute; traversal is re-checked on the real path in main. */
const relativePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0') && !p.includes('\\') && !p.startsWith('/'), 'not a relative path');

/** A file name offered to the save dialog: no directory part. */
const suggestedName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !/[\\/\0]/.test(n) && n !== '.' && n !== '..', 'not a plain file name');

const noArgs = z.undefined();

/** Argument schema of each channel (one argument per call, or none). */
export const ipcArgs = {
  'folder:open': noArgs,
  'folder:openDemo': noArgs,
  'file:read': z
    .strictObject({
      folderId,
      path: relativePath,
      /** Byte offsets [start, end) in the file. */
      start: z.int().nonnegative(),
      end: z.int().nonnegative(),
    })
    .refine((a) => a.end >= a.start && a.end - a.start <= MAX_READ_BYTES, 'bad byte range'),
  'export:save': z.strictObject({
    suggestedName,
    data: z.union([
      z.custom<Uint8Array>((d) => d instanceof Uint8Array, 'expected bytes').refine((d) => d.byteLength <= MAX_EXPORT_BYTES, 'export too large'),
      z.string().max(MAX_EXPORT_BYTES),
    ]),
  }),
  'recent:list': noArgs,
  'recent:open': z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, 'not a recent id') }),
  'launch:takeFolder': noArgs,
  'app:info': noArgs,
} satisfies Record<IpcChannelName, z.ZodType>;

export type IpcArgs<C extends IpcChannelName> = z.infer<(typeof ipcArgs)[C]>;

/** A folder opened in main: `folderId` is the capability the renderer passes back to `file:read`. */
export interface FolderListing {
  folderId: string;
  /** Display name: the folder's base name, or 'Demo study'. */
  name: string;
  /** Regular files, relative '/'-separated paths, sizes in bytes; sorted by path. */
  files: { path: string; size: number }[];
  /** Entries that could not be listed or were refused (symlink out of the folder, permission denied...). */
  unreadable: { path: string; reason: string }[];
}

/** Same shape as `SaveResult` in src/platform/Platform.ts (kept structural so main does not import renderer code). */
export type SaveResultDto = { saved: true; path: string } | { saved: false; reason: string };

export interface RecentFolderEntry {
  /** Opaque id for `recent:open` (hash of the path). */
  id: string;
  name: string;
  /** Absolute path, for display only. */
  path: string;
}

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  arch: string;
  versions: { electron: string; chrome: string; node: string };
}

/** Result type of each channel. */
export interface IpcResults {
  'folder:open': FolderListing | null;
  'folder:openDemo': FolderListing;
  'file:read': Uint8Array;
  'export:save': SaveResultDto;
  'recent:list': RecentFolderEntry[];
  'recent:open': FolderListing;
  /** The folder named on the command line (or the demo), once; null afterwards. */
  'launch:takeFolder': FolderListing | null;
  'app:info': AppInfo;
}

export type IpcErrorCode =
  | 'FORBIDDEN_SENDER'
  | 'INVALID_ARGS'
  | 'NOT_FOUND'
  | 'OUTSIDE_FOLDER'
  | 'IO_ERROR'
  | 'INTERNAL';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Commands the application menu sends to the renderer. */
export type MenuCommand =
  | { kind: 'open-folder' }
  | { kind: 'open-demo' }
  /** Main already opened this folder (Recent menu): the renderer just shows it. */
  | { kind: 'folder-opened'; folder: FolderListing }
  | { kind: 'show-about' };

/**
 * What the preload exposes as `window.dtiApi`: one named method per channel, never a generic invoke.
 * Each returns the `IpcResult` envelope; `electronPlatform.ts` unwraps it.
 */
export interface DtiApi {
  openFolder(): Promise<IpcResult<IpcResults['folder:open']>>;
  openDemo(): Promise<IpcResult<IpcResults['folder:openDemo']>>;
  readFile(args: IpcArgs<'file:read'>): Promise<IpcResult<IpcResults['file:read']>>;
  saveExport(args: IpcArgs<'export:save'>): Promise<IpcResult<IpcResults['export:save']>>;
  listRecent(): Promise<IpcResult<IpcResults['recent:list']>>;
  openRecent(args: IpcArgs<'recent:open'>): Promise<IpcResult<IpcResults['recent:open']>>;
  takeLaunchFolder(): Promise<IpcResult<IpcResults['launch:takeFolder']>>;
  appInfo(): Promise<IpcResult<IpcResults['app:info']>>;
  /** Subscribe to menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
