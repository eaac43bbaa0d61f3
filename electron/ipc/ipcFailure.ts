import type { IpcErrorCode } from '../../src/shared/ipcContract.js';

/** An expected failure of an IPC handler; the registry turns it into a typed `IpcError` for the renderer. */
export class IpcFailure extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IpcFailure';
  }
}
