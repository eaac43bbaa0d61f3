/**
 * IPC channel names, part of the contract in `ipcContract.ts` (which re-exports them). Kept in
 * a file without zod so the sandboxed preload bundles only these strings, not the schemas.
 */

/** Invokable channels (renderer → main, with a result). */
export const IpcChannel = {
  openFolder: 'folder:open',
  openDemo: 'folder:openDemo',
  readFile: 'file:read',
  saveExport: 'export:save',
  listRecent: 'recent:list',
  openRecent: 'recent:open',
  takeLaunchFolder: 'launch:takeFolder',
  appInfo: 'app:info',
} as const;
export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel];

/** Events main → renderer (no result). */
export const IpcEvent = {
  menuCommand: 'menu:command',
} as const;
