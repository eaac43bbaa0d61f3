import { withSessionCsp } from './csp.js';

/** The parts of Electron's Session the policy touches (structural, so tests can fake it). */
export interface HardenableSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

/**
 * Session-wide policy: every permission (camera, geolocation, notifications, clipboard...) is
 * denied, since a DICOM viewer needs none; every response gets the strict CSP, as a second
 * line behind the app:// handler's own headers.
 */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSessionCsp(details.responseHeaders) });
  });
}
