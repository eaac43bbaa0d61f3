import { describe, expect, it } from 'vitest';
import { mainWindowOptions, secureWebPreferences } from '../../../electron/security/windowOptions';

describe('secure window options', () => {
  const prefs = secureWebPreferences('/app/dist-electron/preload.cjs');

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['navigateOnDragDrop', false],
  ] as const)('%s is explicitly %s', (flag, expected) => {
    expect(prefs[flag]).toBe(expected);
  });

  it('uses the given preload and nothing that re-enables Node', () => {
    expect(prefs.preload).toBe('/app/dist-electron/preload.cjs');
    expect(prefs).not.toHaveProperty('enableRemoteModule');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('the main window carries exactly these preferences and starts hidden until ready-to-show', () => {
    const options = mainWindowOptions('/p.cjs');
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
    expect(options.show).toBe(false);
  });
});
