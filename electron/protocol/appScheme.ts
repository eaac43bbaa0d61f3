/**
 * The app:// scheme the renderer is served from (never file://, which would grant the page
 * read access to the whole disk). `app://bundle/<path>` maps to `<path>` inside dist/.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Privileges for `protocol.registerSchemesAsPrivileged`: standard (relative URLs and origins work),
 * secure (a secure context, needed for SharedArrayBuffer and crypto), fetch and streaming
 * responses (workers fetch wasm and volumes).
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
} as const;

/** True when `url` is a page of our bundle (app://bundle/...), the only origin allowed to call IPC. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
