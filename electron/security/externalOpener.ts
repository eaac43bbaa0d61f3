import { isAllowedExternalUrl } from './externalUrlGate.js';

/**
 * The one gate in front of shell.openExternal: every URL main would open outside the app (menu
 * links, a page's window.open via hardenWebContents) goes through it, and only allow-listed
 * https URLs (externalUrlGate.ts) reach `open`; any other is dropped.
 */
export function gatedOpenExternal(open: (url: string) => unknown): (url: string) => void {
  return (url) => {
    if (isAllowedExternalUrl(url)) void open(url);
  };
}
