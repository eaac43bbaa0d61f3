import { isAppUrl } from '../protocol/appScheme.js';

/** The parts of Electron's IpcMainInvokeEvent the gate looks at (kept structural so tests can fake it). */
export interface InvokeEventLike {
  /** `send`: Electron's WebContents has it (progress events to the calling window); test fakes may not. */
  sender: { id: number; send?(channel: string, ...args: unknown[]): void };
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * True only for calls from the top frame of one of our windows showing an app://bundle page.
 * A frame navigated elsewhere, a subframe, or another webContents (devtools, a stray window)
 * is refused even though it may share the preload.
 */
export function isTrustedSender(event: InvokeEventLike, trustedWebContentsIds: ReadonlySet<number>): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return false;
  if (!trustedWebContentsIds.has(event.sender.id)) return false;
  return isAppUrl(frame.url);
}
