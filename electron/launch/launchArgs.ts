/** What to open at startup. */
export type LaunchRequest = { kind: 'demo' } | { kind: 'folder'; path: string };

/**
 * Parses the app's own arguments (argv after the executable, and after the app path when run as
 * `electron .`): `--demo` or no folder opens the demo study; the first non-switch argument is a
 * folder to open. Other switches (Chromium's, `--inspect`...) are ignored.
 */
export function parseLaunchArgs(appArgs: readonly string[]): LaunchRequest {
  if (appArgs.includes('--demo')) return { kind: 'demo' };
  const folder = appArgs.find((a) => !a.startsWith('-'));
  return folder === undefined ? { kind: 'demo' } : { kind: 'folder', path: folder };
}

/** The app's own arguments out of `process.argv`: packaged apps have no app-path argument. */
export function appArgsFrom(argv: readonly string[], isPackaged: boolean): string[] {
  return argv.slice(isPackaged ? 1 : 2);
}
