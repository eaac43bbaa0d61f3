/** The parts of Electron's WebContents the guards touch (structural, so tests can fake it). */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Pins every webContents to the page it was loaded with: no navigation, no redirects, no
 * <webview>, no new windows. The URL a page tries to open in a new window goes to
 * `openExternal`, which must be main's gate (gatedOpenExternal: only allow-listed https pages
 * reach the system browser), so the allow-list is decided in one place.
 */
export function hardenWebContents(contents: GuardedContents, openExternal: (url: string) => void): void {
  const deny = (event: { preventDefault(): void }) => event.preventDefault();
  contents.on('will-navigate', deny);
  contents.on('will-redirect', deny);
  contents.on('will-attach-webview', deny);
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
}
