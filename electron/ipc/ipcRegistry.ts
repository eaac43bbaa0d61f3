import {
  IpcChannel,
  ipcArgs,
  type IpcArgs,
  type IpcChannelName,
  type IpcResult,
  type IpcResults,
} from '../../src/shared/ipcContract.js';
import type { InvokeEventLike } from '../security/senderGate.js';
import { IpcFailure } from './ipcFailure.js';

/** One handler per channel, receiving arguments already validated against the contract. */
export type IpcHandlers = {
  [C in IpcChannelName]: (args: IpcArgs<C>, event: InvokeEventLike) => Promise<IpcResults[C]>;
};

/** The one method of `ipcMain` the registry uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

export interface IpcRegistry {
  /** Gate, validate and run one call; never throws, always answers with the typed envelope. */
  dispatch<C extends IpcChannelName>(channel: C, event: InvokeEventLike, rawArgs: unknown[]): Promise<IpcResult<IpcResults[C]>>;
  /** Registers every contract channel on `ipcMain` (the only `ipcMain.handle` calls in the app). */
  registerAll(ipcMain: IpcMainLike): void;
}

/**
 * The single router for renderer → main calls: sender check, then zod validation of the one
 * argument, then the handler. Failures become `{ ok: false, error: { code, message } }`;
 * unexpected exceptions are reported as INTERNAL with their message only (no stack to the page).
 */
export function createIpcRegistry(options: {
  handlers: IpcHandlers;
  isTrustedSender: (event: InvokeEventLike) => boolean;
  onUnexpectedError?: (channel: string, error: unknown) => void;
}): IpcRegistry {
  const { handlers, isTrustedSender, onUnexpectedError } = options;

  async function dispatch<C extends IpcChannelName>(
    channel: C,
    event: InvokeEventLike,
    rawArgs: unknown[],
  ): Promise<IpcResult<IpcResults[C]>> {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: `${channel}: sender is not this app's window` } };
    }
    if (rawArgs.length > 1) {
      return { ok: false, error: { code: 'INVALID_ARGS', message: `${channel}: expected at most one argument` } };
    }
    const parsed = ipcArgs[channel].safeParse(rawArgs[0]);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`).join('; ');
      return { ok: false, error: { code: 'INVALID_ARGS', message: `${channel}: ${detail}` } };
    }
    const handler = handlers[channel] as (args: unknown, event: InvokeEventLike) => Promise<IpcResults[C]>;
    try {
      return { ok: true, value: await handler(parsed.data, event) };
    } catch (error) {
      if (error instanceof IpcFailure) return { ok: false, error: { code: error.code, message: error.message } };
      onUnexpectedError?.(channel, error);
      return { ok: false, error: { code: 'INTERNAL', message: `${channel}: ${error instanceof Error ? error.message : String(error)}` } };
    }
  }

  return {
    dispatch,
    registerAll(ipcMain) {
      for (const channel of Object.values(IpcChannel)) {
        ipcMain.handle(channel, (event, ...args) => dispatch(channel, event, args));
      }
    },
  };
}
