import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * Renderer hardening: the page gets no Node, runs in Chromium's sandbox, in an isolated world
 * separate from the preload, and keeps the same-origin policy. Every flag is written out
 * even where it equals Electron's default, so a changed default cannot silently weaken it.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** The main window (sizes in device-independent pixels). Shown once the first paint is ready. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'DTI Trial Viewer',
    backgroundColor: '#111111',
    webPreferences: secureWebPreferences(preloadPath),
  };
}
