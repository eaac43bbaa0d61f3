/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security, the 20
 * recommendations as listed for Electron 45), walked item by item against the real main-process
 * modules. Each item is a small predicate returning the violations it finds; it runs on our real
 * setting (no violation) and, for the settings a change could weaken, on a flipped copy (the
 * violation is reported), so the check is known to fail when the setting is flipped.
 *
 * Detailed behaviour lives in the neighbouring suites (securityPolicy, windowOptions, ipcRegistry,
 * appProtocol, electronBuilderConfig, buildElectron); that these modules are actually wired into
 * main.cjs is checked by mainWiring.test.ts.
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import type { WebPreferences } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIpcRegistry, type IpcHandlers, type IpcMainLike } from '../../../electron/ipc/ipcRegistry';
import { DICOM_STANDARD_URL } from '../../../electron/menu/appMenu';
import { createAppProtocolHandler } from '../../../electron/protocol/appProtocolHandler';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, isAppUrl } from '../../../electron/protocol/appScheme';
import { CONTENT_SECURITY_POLICY, withSessionCsp } from '../../../electron/security/csp';
import { isAllowedExternalUrl } from '../../../electron/security/externalUrlGate';
import { gatedOpenExternal } from '../../../electron/security/externalOpener';
import { hardenWebContents, type GuardedContents } from '../../../electron/security/navigationGuards';
import { isTrustedSender, type InvokeEventLike } from '../../../electron/security/senderGate';
import { hardenSession, type HardenableSession } from '../../../electron/security/sessionPolicy';
import { secureWebPreferences } from '../../../electron/security/windowOptions';
import { IpcChannel, type IpcChannelName } from '../../../src/shared/ipcContract';
import { repoRoot } from '../../helpers/sharedData';

// ---------------------------------------------------------------------------------------------
// The real configuration under test
// ---------------------------------------------------------------------------------------------

const PRELOAD = '/app/dist-electron/preload.cjs';
const prefs: WebPreferences = secureWebPreferences(PRELOAD);
const flip = (changes: Partial<WebPreferences>): WebPreferences => ({ ...prefs, ...changes });

const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
const installedElectron = (JSON.parse(readFileSync(join(repoRoot, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

/** js-yaml is electron-builder's own YAML parser (no type declarations: typed to the one call used). */
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const builderConfig = yaml.load(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as { electronFuses: Record<string, boolean> };

const indexHtml = readFileSync(join(repoRoot, 'index.html'), 'utf8');

// ---------------------------------------------------------------------------------------------
// Checks: each returns the list of violations it finds (empty = item satisfied)
// ---------------------------------------------------------------------------------------------

type Violations = string[];
const problems = (entries: [boolean, string][]): Violations => entries.filter(([bad]) => bad).map(([, message]) => message);

/** Schemes that travel in clear text (checklist 1: prefer HTTPS/WSS/FTPS). */
const INSECURE_SCHEME = /^(http|ws|ftp):/i;

/** #1: the entry page comes from a secure origin and the page pulls nothing over a clear-text scheme. */
function secureContentViolations(entryUrl: string, privileges: { secure?: boolean }, html: string): Violations {
  const entry = new URL(entryUrl);
  const isOurSecureScheme = entry.protocol === `${APP_SCHEME}:` && privileges.secure === true;
  const resourceUrls = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]);
  return problems([
    [!(isOurSecureScheme || entry.protocol === 'https:'), `entry page ${entryUrl} is not from a secure origin`],
    ...resourceUrls.map((url): [boolean, string] => [INSECURE_SCHEME.test(url), `index.html loads ${url} in clear text`]),
  ]);
}

/** #2: no Node.js in the page, its workers or its subframes. */
function nodeIntegrationViolations(p: WebPreferences): Violations {
  return problems([
    [p.nodeIntegration !== false, 'nodeIntegration is not false'],
    [p.nodeIntegrationInWorker !== false, 'nodeIntegrationInWorker is not false'],
    [p.nodeIntegrationInSubFrames !== false, 'nodeIntegrationInSubFrames is not false'],
  ]);
}

/** #3 (explicit, so a changed Electron default cannot weaken it). */
const contextIsolationViolations = (p: WebPreferences): Violations => problems([[p.contextIsolation !== true, 'contextIsolation is not true']]);

/** #4 (explicit, as #3). */
const sandboxViolations = (p: WebPreferences): Violations => problems([[p.sandbox !== true, 'sandbox is not true']]);

/** #6 */
const webSecurityViolations = (p: WebPreferences): Violations => problems([[p.webSecurity === false, 'webSecurity is disabled']]);

/** #8 */
const insecureContentViolations = (p: WebPreferences): Violations =>
  problems([[p.allowRunningInsecureContent === true, 'allowRunningInsecureContent is enabled']]);

/** #9 */
const experimentalViolations = (p: WebPreferences): Violations => problems([[p.experimentalFeatures === true, 'experimentalFeatures is enabled']]);

/** #10 */
const blinkFeatureViolations = (p: WebPreferences): Violations =>
  problems([[p.enableBlinkFeatures !== undefined && p.enableBlinkFeatures !== '', `enableBlinkFeatures is ${p.enableBlinkFeatures}`]]);

/** directive → sources, split the way a browser parses a serialized CSP. */
function parseCsp(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    map.set(name.toLowerCase(), sources);
  }
  return map;
}

/**
 * #7: a restrictive CSP: a default-src, scripts only from 'self' (plus wasm compilation, which the
 * codecs need and which does not permit JS eval), no plugins, no base-URI rewriting, and no source
 * anywhere that is a wildcard or a network scheme.
 */
function cspViolations(csp: string | null): Violations {
  if (csp === null) return ['no Content-Security-Policy'];
  const policy = parseCsp(csp);
  const scripts = policy.get('script-src') ?? policy.get('default-src') ?? [];
  const allSources = [...policy.values()].flat();
  return problems([
    [!policy.has('default-src'), 'no default-src'],
    [!scripts.includes("'self'"), "script-src lacks 'self'"],
    ...scripts
      .filter((s) => s !== "'self'" && s !== "'wasm-unsafe-eval'")
      .map((s): [boolean, string] => [true, `script-src allows ${s}`]),
    [policy.get('object-src')?.join(' ') !== "'none'", "object-src is not 'none'"],
    [policy.get('base-uri')?.join(' ') !== "'none'", "base-uri is not 'none'"],
    ...allSources.filter((s) => s.includes('*') || /^(https?|wss?|ftp|file):/i.test(s)).map((s): [boolean, string] => [true, `allows ${s}`]),
  ]);
}

/** Permissions a compromised page would want; the viewer needs none. */
const PERMISSIONS = ['media', 'geolocation', 'notifications', 'midi', 'midiSysex', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'openExternal', 'fileSystem', 'hid', 'serial', 'usb', 'pointerLock', 'idle-detection', 'unknown'];

/** The handlers a session was given (recorded by a fake Session). */
interface SessionHooks {
  request?: Parameters<HardenableSession['setPermissionRequestHandler']>[0];
  check?: Parameters<HardenableSession['setPermissionCheckHandler']>[0];
}

function hardenedSessionHooks(): SessionHooks {
  const hooks: SessionHooks = {};
  hardenSession({
    setPermissionRequestHandler: (h) => void (hooks.request = h),
    setPermissionCheckHandler: (h) => void (hooks.check = h),
    webRequest: { onHeadersReceived: () => undefined },
  });
  return hooks;
}

/** #5: every permission request and check is answered, and answered "no". */
function permissionViolations(hooks: SessionHooks): Violations {
  if (!hooks.request || !hooks.check) return ['no permission request/check handler (Electron then grants everything)'];
  const granted: string[] = [];
  for (const permission of PERMISSIONS) {
    const answers: boolean[] = [];
    hooks.request({}, permission, (ok) => answers.push(ok));
    if (answers.length !== 1 || answers[0] !== false || hooks.check({}, permission) !== false) granted.push(permission);
  }
  return granted.map((p) => `permission ${p} is not denied`);
}

type Listener = (event: { preventDefault(): void }, ...args: unknown[]) => void;
type OpenHandler = (details: { url: string }) => { action: string };

/** What the navigation guards installed on one webContents (a fake that can "lose" some hooks). */
interface GuardHooks {
  listeners: Map<string, Listener>;
  openHandler?: OpenHandler;
  opened: string[];
}

/** Runs the real hardenWebContents on a recording fake; `drop` simulates a hook the code no longer installs. */
function guardedContents(drop: readonly string[] = []): GuardHooks {
  const hooks: GuardHooks = { listeners: new Map(), opened: [] };
  const contents: GuardedContents = {
    on: (name, listener) => {
      if (!drop.includes(name)) hooks.listeners.set(name, listener as Listener);
    },
    setWindowOpenHandler: (handler) => {
      if (!drop.includes('window-open')) hooks.openHandler = handler;
    },
  };
  hardenWebContents(contents, gatedOpenExternal((url) => hooks.opened.push(url))); // as main wires it
  return hooks;
}

/** True when `listener` exists and calls preventDefault for every argument list given. */
function preventsAll(listener: Listener | undefined, calls: unknown[][]): boolean {
  if (!listener) return false;
  return calls.every((args) => {
    const event = { preventDefault: vi.fn() };
    listener(event, ...args);
    return event.preventDefault.mock.calls.length === 1;
  });
}

/** Places an attacker would steer the window to (including lookalikes of our own origin). */
const HOSTILE_URLS = [
  'https://evil.example/',
  'http://evil.example/',
  'file:///etc/passwd',
  'app://bundle.evil.example/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
];

/** #13: main-frame navigation and redirects are refused. */
function navigationViolations(hooks: GuardHooks): Violations {
  const calls = HOSTILE_URLS.map((url) => [url]);
  return problems([
    [!preventsAll(hooks.listeners.get('will-navigate'), calls), 'will-navigate is not prevented'],
    [!preventsAll(hooks.listeners.get('will-redirect'), calls), 'will-redirect is not prevented'],
  ]);
}

/** #11/#12: no <webview> can be attached, whatever options and params the page gives it. */
function webviewViolations(p: WebPreferences, hooks: GuardHooks): Violations {
  const riskyWebview = [{ nodeIntegration: true, webSecurity: false, preload: 'file:///tmp/evil.js' }, { src: 'https://evil.example/', allowpopups: 'true' }];
  return problems([
    [p.webviewTag !== false, 'webviewTag is not false'],
    [!preventsAll(hooks.listeners.get('will-attach-webview'), [riskyWebview]), 'will-attach-webview is not prevented'],
  ]);
}

/** #14: every window.open is denied; only allow-listed https pages go to the system browser. */
function newWindowViolations(hooks: GuardHooks): Violations {
  if (!hooks.openHandler) return ['no window open handler (Electron then opens any window)'];
  const handler = hooks.openHandler;
  const urls = [...HOSTILE_URLS, APP_ENTRY_URL, 'https://github.com/'];
  return [
    ...urls.filter((url) => handler({ url }).action !== 'deny').map((url) => `window.open(${url}) is not denied`),
    ...hooks.opened.filter((url) => !isAllowedExternalUrl(url)).map((url) => `${url} was handed to the system browser`),
  ];
}

/** URLs that must never reach shell.openExternal (they launch programs, leak files or credentials). */
const UNTRUSTED_EXTERNAL = [
  'file:///C:/Windows/System32/calc.exe',
  'smb://attacker.example/share/payload.exe',
  'ms-msdt:/id PCWDiagnostic',
  'javascript:alert(1)',
  'http://github.com/',
  'https://github.com.evil.example/',
  'https://evil.example/?https://github.com/',
  'https://user:pass@github.com/',
  'https://github.com:8443/',
  'not a url',
];

/** #15: the gate in front of shell.openExternal refuses untrusted URLs and lets our own help link through. */
function openExternalViolations(gate: (url: string) => boolean): Violations {
  return [
    ...UNTRUSTED_EXTERNAL.filter((url) => gate(url)).map((url) => `openExternal would open ${url}`),
    ...(gate(DICOM_STANDARD_URL) ? [] : [`the Help menu link ${DICOM_STANDARD_URL} is refused`]),
  ];
}

/** #16: Electron pinned exactly (no silent drift), to a supported major (≥ 45), and that is what is installed. */
function electronVersionViolations(spec: string | undefined, installed: string, minimumMajor = 45): Violations {
  if (spec === undefined) return ['electron is not a dependency'];
  const exact = /^(\d+)\.\d+\.\d+$/.exec(spec);
  return problems([
    [exact === null, `electron ${spec} is a range, not an exact pin`],
    [exact !== null && Number(exact[1]) < minimumMajor, `electron ${spec} is older than ${minimumMajor}`],
    [exact !== null && installed !== spec, `installed electron ${installed} differs from the pinned ${spec}`],
  ]);
}

/** Frames that must not be served by IPC even though they may run our preload. */
const FOREIGN_SENDERS: [string, InvokeEventLike][] = [
  ['another webContents (devtools, a stray window)', { sender: { id: 99 }, senderFrame: { url: APP_ENTRY_URL, parent: null } }],
  ['a subframe of our window', { sender: { id: 1 }, senderFrame: { url: APP_ENTRY_URL, parent: {} } }],
  ['our window navigated to the web', { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/', parent: null } }],
  ['our window on a file:// page', { sender: { id: 1 }, senderFrame: { url: 'file:///tmp/index.html', parent: null } }],
  ['our window on a lookalike app:// host', { sender: { id: 1 }, senderFrame: { url: 'app://evil/index.html', parent: null } }],
  ['a destroyed frame', { sender: { id: 1 }, senderFrame: null }],
];
const OUR_WINDOW: InvokeEventLike = { sender: { id: 1 }, senderFrame: { url: APP_ENTRY_URL, parent: null } };
const ALL_CHANNELS = Object.values(IpcChannel) as IpcChannelName[];

/** The registry exactly as main.cts builds it, handlers replaced by spies; `gate` defaults to the real sender gate. */
function registryUnderTest(gate: (event: InvokeEventLike) => boolean = (event) => isTrustedSender(event, new Set([1]))) {
  const handlers = Object.fromEntries(ALL_CHANNELS.map((channel) => [channel, vi.fn(async () => null)]));
  const registered = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain: IpcMainLike = { handle: (channel, listener) => void registered.set(channel, listener) };
  createIpcRegistry({ handlers: handlers as unknown as IpcHandlers, isTrustedSender: gate }).registerAll(ipcMain);
  return { handlers, registered };
}

/** #17: every registered channel refuses every foreign sender before any handler runs, and serves our window. */
async function senderViolations(setup: ReturnType<typeof registryUnderTest>): Promise<Violations> {
  const found: Violations = [];
  for (const channel of ALL_CHANNELS) {
    const listener = setup.registered.get(channel);
    if (!listener) {
      found.push(`${channel} is not registered`);
      continue;
    }
    for (const [label, event] of FOREIGN_SENDERS) {
      const answer = (await listener(event)) as { ok: boolean; error?: { code: string } };
      if (answer.ok || answer.error?.code !== 'FORBIDDEN_SENDER') found.push(`${channel} answers ${label}`);
    }
  }
  const served = (await setup.registered.get('recent:list')?.(OUR_WINDOW)) as { ok: boolean } | undefined;
  if (!served?.ok) found.push('our own window is refused');
  const handlerCalls = Object.values(setup.handlers).reduce((n, h) => n + h.mock.calls.length, 0);
  if (handlerCalls !== 1) found.push(`handlers ran ${handlerCalls} times for ${FOREIGN_SENDERS.length * ALL_CHANNELS.length} foreign calls and 1 trusted call`);
  return found;
}

/** #18: the page is served from app://, not file://, and file:// pages get neither IPC nor extra privileges. */
function fileProtocolViolations(entryUrl: string, fuses: Record<string, boolean>, isIpcOrigin: (url: string) => boolean): Violations {
  return problems([
    [new URL(entryUrl).protocol === 'file:', `entry page ${entryUrl} is a file:// URL`],
    [isIpcOrigin('file:///tmp/index.html'), 'a file:// page would pass the IPC sender gate'],
    [fuses.grantFileProtocolExtraPrivileges !== false, 'fuse grantFileProtocolExtraPrivileges is not false'],
  ]);
}

/** #19: the value each security-relevant fuse must have in the shipped binary (electron-builder key names). */
const HARDENED_FUSES: Record<string, boolean> = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};
/** Fuses @electron/fuses knows that change no security property (a V8 snapshot file choice). */
const FUSES_WITHOUT_SECURITY_EFFECT = ['loadBrowserProcessSpecificV8Snapshot'];

function fuseViolations(fuses: Record<string, boolean>): Violations {
  return Object.entries(HARDENED_FUSES)
    .filter(([name, value]) => fuses[name] !== value)
    .map(([name, value]) => `fuse ${name} is ${String(fuses[name])}, should be ${value}`);
}

/** Names that would hand the page a generic IPC or Electron object. */
const LEAKY_NAMES = ['send', 'sendSync', 'sendTo', 'sendToHost', 'invoke', 'on', 'once', 'postMessage', 'ipcRenderer', 'electron', 'require', 'process', 'webFrame'];

/** #20: the only world key is dtiApi; it holds only the contract's named methods, none of them a raw ipcRenderer function. */
function exposureViolations(worldKeys: string[], api: Record<string, unknown>, ipcRenderer: Record<string, unknown>): Violations {
  const allowed = new Set([...Object.keys(IpcChannel), 'onMenuCommand', 'onIndexProgress']);
  const rawFunctions = new Set<unknown>([ipcRenderer, ...Object.values(ipcRenderer)]);
  return [
    ...(worldKeys.length === 1 && worldKeys[0] === 'dtiApi' ? [] : [`exposes world keys ${worldKeys.join(', ')}`]),
    ...Object.keys(api).filter((k) => !allowed.has(k)).map((k) => `exposes ${k}${LEAKY_NAMES.includes(k) ? ' (generic IPC)' : ''}`),
    ...Object.entries(api).filter(([, v]) => typeof v !== 'function').map(([k]) => `${k} is not a function`),
    ...Object.entries(api).filter(([, v]) => rawFunctions.has(v)).map(([k]) => `${k} is a raw ipcRenderer function`),
  ];
}

// ---------------------------------------------------------------------------------------------
// The checklist
// ---------------------------------------------------------------------------------------------

describe('Electron security checklist', () => {
  describe('1. Only load secure content', () => {
    it('the window loads app://bundle (a scheme registered secure) and index.html pulls nothing in clear text', () => {
      expect(secureContentViolations(APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, indexHtml)).toEqual([]);
    });
    it('fails for an http entry page or a clear-text script', () => {
      expect(secureContentViolations('http://127.0.0.1:5173/', APP_SCHEME_PRIVILEGES, indexHtml)).toEqual([
        'entry page http://127.0.0.1:5173/ is not from a secure origin',
      ]);
      expect(secureContentViolations(APP_ENTRY_URL, { ...APP_SCHEME_PRIVILEGES, secure: false }, indexHtml)).toHaveLength(1);
      const cdn = indexHtml.replace('</head>', '<script src="http://cdn.example/react.js"></script></head>');
      expect(secureContentViolations(APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, cdn)).toEqual(['index.html loads http://cdn.example/react.js in clear text']);
    });
  });

  describe('2. Do not enable Node.js integration for remote content', () => {
    it('no Node in the page, its workers or subframes', () => expect(nodeIntegrationViolations(prefs)).toEqual([]));
    it.each(['nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames'] as const)('fails when %s is flipped on', (flag) => {
      expect(nodeIntegrationViolations(flip({ [flag]: true }))).toEqual([`${flag} is not false`]);
    });
  });

  describe('3. Enable context isolation', () => {
    it('contextIsolation is explicitly on', () => expect(contextIsolationViolations(prefs)).toEqual([]));
    it('fails when flipped', () => expect(contextIsolationViolations(flip({ contextIsolation: false }))).toEqual(['contextIsolation is not true']));
  });

  describe('4. Enable process sandboxing', () => {
    it('sandbox is explicitly on', () => expect(sandboxViolations(prefs)).toEqual([]));
    it('fails when flipped', () => expect(sandboxViolations(flip({ sandbox: false }))).toEqual(['sandbox is not true']));
  });

  describe('5. Handle session permission requests (ses.setPermissionRequestHandler)', () => {
    it(`the default session denies all ${PERMISSIONS.length} probed permissions, by request and by check`, () => {
      expect(permissionViolations(hardenedSessionHooks())).toEqual([]);
    });
    it('fails without handlers, or with a handler that grants one permission', () => {
      expect(permissionViolations({})).toHaveLength(1);
      const hooks = hardenedSessionHooks();
      const leaky: SessionHooks = { ...hooks, request: (contents, permission, callback) => (permission === 'media' ? callback(true) : hooks.request!(contents, permission, callback)) };
      expect(permissionViolations(leaky)).toEqual(['permission media is not denied']);
    });
  });

  describe('6. Do not disable webSecurity', () => {
    it('webSecurity stays on', () => expect(webSecurityViolations(prefs)).toEqual([]));
    it('fails when flipped', () => expect(webSecurityViolations(flip({ webSecurity: false }))).toEqual(['webSecurity is disabled']));
  });

  describe('7. Define a Content-Security-Policy', () => {
    let tmp: string;
    beforeAll(() => {
      tmp = mkdtempSync(join(tmpdir(), 'dti-checklist-'));
      mkdirSync(join(tmp, 'dist'));
      writeFileSync(join(tmp, 'dist', 'index.html'), indexHtml);
    });
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    it('the policy itself is restrictive', () => expect(cspViolations(CONTENT_SECURITY_POLICY)).toEqual([]));

    it('every app:// response carries it, refusals included', async () => {
      const handler = createAppProtocolHandler(join(tmp, 'dist'));
      for (const url of [APP_ENTRY_URL, 'app://bundle/missing.js', 'app://bundle/../secret']) {
        expect(cspViolations((await handler(new Request(url))).headers.get('content-security-policy')), url).toEqual([]);
      }
    });

    it('the session hook replaces a permissive CSP a response carried', () => {
      const out = withSessionCsp({ 'Content-Security-Policy': ["default-src * 'unsafe-eval'"] });
      expect(out['Content-Security-Policy']).toHaveLength(1);
      expect(cspViolations(out['Content-Security-Policy'][0])).toEqual([]);
    });

    it("index.html's own meta policy (the web build's only one) is restrictive too", () => {
      const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml);
      expect(cspViolations(meta?.[1] ?? null)).toEqual([]);
    });

    it("fails for eval, a remote script host, a wildcard, or a missing object-src", () => {
      const withScript = (extra: string) => CONTENT_SECURITY_POLICY.replace("script-src 'self'", `script-src 'self' ${extra}`);
      expect(cspViolations(withScript("'unsafe-eval'"))).toEqual(["script-src allows 'unsafe-eval'"]);
      expect(cspViolations(withScript('https://cdn.example'))).toEqual(['script-src allows https://cdn.example', 'allows https://cdn.example']);
      expect(cspViolations(CONTENT_SECURITY_POLICY.replace("img-src 'self'", 'img-src *'))).toEqual(['allows *']);
      expect(cspViolations(CONTENT_SECURITY_POLICY.replace("object-src 'none'; ", ''))).toEqual(["object-src is not 'none'"]);
      expect(cspViolations(null)).toEqual(['no Content-Security-Policy']);
    });
  });

  describe('8. Do not enable allowRunningInsecureContent', () => {
    it('stays off', () => expect(insecureContentViolations(prefs)).toEqual([]));
    it('fails when flipped', () => expect(insecureContentViolations(flip({ allowRunningInsecureContent: true }))).toHaveLength(1));
  });

  describe('9. Do not enable experimental features', () => {
    it('stays off', () => expect(experimentalViolations(prefs)).toEqual([]));
    it('fails when flipped', () => expect(experimentalViolations(flip({ experimentalFeatures: true }))).toHaveLength(1));
  });

  describe('10. Do not use enableBlinkFeatures', () => {
    it('no Blink feature is enabled', () => expect(blinkFeatureViolations(prefs)).toEqual([]));
    it('fails when one is', () => expect(blinkFeatureViolations(flip({ enableBlinkFeatures: 'ExecCommandInJavaScript' }))).toHaveLength(1));
  });

  describe('11. Do not use allowpopups for <webview> / 12. Verify <webview> options before creation', () => {
    it('does not apply: the <webview> tag is off and will-attach-webview refuses any webview, however configured', () => {
      expect(webviewViolations(prefs, guardedContents())).toEqual([]);
    });
    it('fails when the tag is enabled or the refusal is not installed', () => {
      expect(webviewViolations(flip({ webviewTag: true }), guardedContents())).toEqual(['webviewTag is not false']);
      expect(webviewViolations(prefs, guardedContents(['will-attach-webview']))).toEqual(['will-attach-webview is not prevented']);
    });
  });

  describe('13. Disable or limit navigation', () => {
    it(`navigation and redirects to ${HOSTILE_URLS.length} hostile URLs are prevented`, () => {
      expect(navigationViolations(guardedContents())).toEqual([]);
    });
    it('subframes cannot load foreign pages either: frames fall back to default-src, which is self only', () => {
      const policy = parseCsp(CONTENT_SECURITY_POLICY);
      expect(policy.has('frame-src') || policy.has('child-src')).toBe(false);
      expect(policy.get('default-src')).toEqual(["'self'"]);
    });
    it('fails when the will-navigate guard is not installed', () => {
      expect(navigationViolations(guardedContents(['will-navigate']))).toEqual(['will-navigate is not prevented']);
    });
  });

  describe('14. Disable or limit creation of new windows', () => {
    it('every window.open is denied; only allow-listed https pages reach the system browser', () => {
      const hooks = guardedContents();
      expect(newWindowViolations(hooks)).toEqual([]);
      expect(hooks.opened).toEqual(['https://github.com/']);
    });
    it('fails without a window open handler', () => {
      expect(newWindowViolations(guardedContents(['window-open']))).toEqual(['no window open handler (Electron then opens any window)']);
    });
  });

  describe('15. Do not use shell.openExternal with untrusted content', () => {
    it(`the gate refuses ${UNTRUSTED_EXTERNAL.length} untrusted URLs and passes the Help menu's link`, () => {
      expect(openExternalViolations(isAllowedExternalUrl)).toEqual([]);
    });
    it('fails for an open gate and for a naive prefix test', () => {
      expect(openExternalViolations(() => true)).toHaveLength(UNTRUSTED_EXTERNAL.length);
      expect(openExternalViolations((url) => url.startsWith('https://github.com') || url.startsWith('https://dicom.nema.org'))).toEqual([
        'openExternal would open https://github.com.evil.example/',
        'openExternal would open https://github.com:8443/',
      ]);
    });
  });

  describe('16. Use a current version of Electron', () => {
    it(`package.json pins electron exactly at a major ≥ 45 and that is what is installed (${installedElectron})`, () => {
      expect(electronVersionViolations(packageJson.devDependencies.electron, installedElectron)).toEqual([]);
    });
    it('fails for an old major, a range, or a drifted install', () => {
      expect(electronVersionViolations('44.0.0', '44.0.0')).toEqual(['electron 44.0.0 is older than 45']);
      expect(electronVersionViolations(`^${installedElectron}`, installedElectron)).toEqual([`electron ^${installedElectron} is a range, not an exact pin`]);
      expect(electronVersionViolations('45.3.4', '45.3.5')).toEqual(['installed electron 45.3.5 differs from the pinned 45.3.4']);
    });
  });

  describe('17. Validate the sender of all IPC messages', () => {
    it(`all ${ALL_CHANNELS.length} channels refuse ${FOREIGN_SENDERS.length} kinds of foreign frame before any handler runs`, async () => {
      expect(await senderViolations(registryUnderTest())).toEqual([]);
    });
    it('fails when the sender gate lets everyone through', async () => {
      const found = await senderViolations(registryUnderTest(() => true));
      expect(found).toHaveLength(ALL_CHANNELS.length * FOREIGN_SENDERS.length + 1);
      expect(found).toContain('file:read answers a subframe of our window');
    });
  });

  describe('18. Avoid the file:// protocol, prefer custom protocols', () => {
    it('served from app://, file:// pages get no IPC, and the file:// privileges fuse is off', () => {
      expect(fileProtocolViolations(APP_ENTRY_URL, builderConfig.electronFuses, isAppUrl)).toEqual([]);
    });
    it('the app:// handler does not serve file:// URLs', async () => {
      const response = await createAppProtocolHandler(join(repoRoot, 'dist'))(new Request('file:///etc/passwd'));
      expect(response.status).toBe(403);
    });
    it('fails for a file:// entry page, a gate that trusts file://, or the privileges fuse left on', () => {
      expect(fileProtocolViolations('file:///app/dist/index.html', builderConfig.electronFuses, isAppUrl)).toHaveLength(1);
      expect(fileProtocolViolations(APP_ENTRY_URL, builderConfig.electronFuses, (url) => isAppUrl(url) || url.startsWith('file:'))).toHaveLength(1);
      expect(fileProtocolViolations(APP_ENTRY_URL, { ...builderConfig.electronFuses, grantFileProtocolExtraPrivileges: true }, isAppUrl)).toHaveLength(1);
    });
  });

  describe('19. Check which fuses you can change', () => {
    it('electron-builder.yml flips every security fuse to its hardened value', () => {
      expect(fuseViolations(builderConfig.electronFuses)).toEqual([]);
    });
    it('every fuse @electron/fuses knows has been decided (hardened above, or listed as without security effect)', () => {
      const known = Object.keys(FuseV1Options)
        .filter((key) => Number.isNaN(Number(key)))
        .map((name) => name[0].toLowerCase() + name.slice(1));
      expect(known.filter((fuse) => !(fuse in HARDENED_FUSES) && !FUSES_WITHOUT_SECURITY_EFFECT.includes(fuse))).toEqual([]);
    });
    it('fails when runAsNode is re-enabled or asar-only loading is dropped', () => {
      expect(fuseViolations({ ...builderConfig.electronFuses, runAsNode: true })).toEqual(['fuse runAsNode is true, should be false']);
      const { onlyLoadAppFromAsar: _dropped, ...rest } = builderConfig.electronFuses;
      expect(fuseViolations(rest)).toEqual(['fuse onlyLoadAppFromAsar is undefined, should be true']);
    });
  });

  describe('20. Do not expose Electron APIs to untrusted web content', () => {
    const worldKeys: string[] = [];
    let api: Record<string, (...args: unknown[]) => unknown> = {};
    const invoked: unknown[][] = [];
    const menuListeners: ((...args: unknown[]) => void)[] = [];
    const ipcRenderer = {
      invoke: vi.fn(async (...args: unknown[]) => void invoked.push(args)),
      send: vi.fn(),
      sendSync: vi.fn(),
      on: vi.fn((_channel: string, listener: (...args: unknown[]) => void) => void menuListeners.push(listener)),
      removeListener: vi.fn(),
    };

    beforeAll(async () => {
      // The preload exactly as shipped: bundled by esbuild like scripts/build-electron.mjs, run against a fake electron.
      const bundle = await build({
        entryPoints: [join(repoRoot, 'electron/preload.cts')],
        absWorkingDir: repoRoot,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node22',
        external: ['electron'],
        write: false,
        logLevel: 'silent',
      });
      const fakeElectron = {
        ipcRenderer,
        contextBridge: {
          exposeInMainWorld: (key: string, value: typeof api) => {
            worldKeys.push(key);
            api = value;
          },
        },
      };
      const fakeRequire = (name: string) => {
        if (name !== 'electron') throw new Error(`preload required ${name}`);
        return fakeElectron;
      };
      new Function('require', 'module', 'exports', bundle.outputFiles[0].text)(fakeRequire, { exports: {} }, {});
    });

    it('window.dtiApi holds only the named contract methods, none of them a raw ipcRenderer function', () => {
      expect(exposureViolations(worldKeys, api, ipcRenderer)).toEqual([]);
    });

    it('a page cannot choose the channel: extra arguments never change which channel a method invokes', async () => {
      for (const [method, channel] of Object.entries(IpcChannel)) {
        invoked.length = 0;
        await api[method]('store:deleteRoi', { folderId: 'x' });
        expect(invoked.map((call) => call[0]), method).toEqual([channel]);
      }
    });

    it('menu commands reach the page without the IpcRendererEvent (which exposes sender)', () => {
      const seen: unknown[][] = [];
      api.onMenuCommand((...args: unknown[]) => void seen.push(args));
      for (const listener of menuListeners) listener({ sender: ipcRenderer, senderFrame: {} }, { kind: 'open-demo' });
      expect(seen).toEqual([[{ kind: 'open-demo' }]]);
    });

    it('fails when a generic invoke, the ipcRenderer itself or a bare ipcRenderer method is exposed', () => {
      expect(exposureViolations(worldKeys, { ...api, invoke: () => undefined }, ipcRenderer)).toEqual(['exposes invoke (generic IPC)']);
      expect(exposureViolations(worldKeys, { ...api, ipcRenderer }, ipcRenderer)).toEqual([
        'exposes ipcRenderer (generic IPC)',
        'ipcRenderer is not a function',
        'ipcRenderer is a raw ipcRenderer function',
      ]);
      expect(exposureViolations(worldKeys, { ...api, appInfo: ipcRenderer.invoke }, ipcRenderer)).toEqual(['appInfo is a raw ipcRenderer function']);
      expect(exposureViolations([...worldKeys, 'electron'], api, ipcRenderer)).toEqual(['exposes world keys dtiApi, electron']);
    });
  });
});
