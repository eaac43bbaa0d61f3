import type { Platform } from './Platform';
import { browserPlatform } from './browserPlatform';
import { electronPlatformFromWindow } from './electronPlatform';

/** The host adapter: Electron when the preload exposed `window.dtiApi`, else the plain browser. */
export async function getPlatform(): Promise<Platform> {
  return electronPlatformFromWindow() ?? browserPlatform;
}
