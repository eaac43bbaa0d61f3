import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { repoRoot } from '../helpers/sharedData';

/**
 * The built web app (`vite build` output). E2E_DIST points elsewhere (e.g. `vite build --outDir /tmp/x`)
 * so a run is not disturbed by someone else rebuilding `dist/` in the same checkout.
 */
export const distDir = process.env.E2E_DIST ? resolve(process.env.E2E_DIST) : join(repoRoot, 'dist');
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.dcm': 'application/dicom',
};

/** Where the served app reaches a DICOMweb server on the same origin (as the dev server's DTI_DICOMWEB_PROXY does). */
export const DICOMWEB_PROXY_PREFIX = '/dicomweb-proxy/';

/**
 * Forwards a request under DICOMWEB_PROXY_PREFIX to `target` (an http:// origin), streaming both ways.
 * WWW-Authenticate is dropped from answers: the app asks for credentials in its own dialog, and the
 * header would make the browser pop up its own sign-in prompt over it.
 */
function forwardToDicomweb(req: IncomingMessage, res: ServerResponse, target: string): void {
  const url = new URL((req.url ?? '/').slice(DICOMWEB_PROXY_PREFIX.length - 1), target);
  const upstream = httpRequest(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (answer) => {
    const headers = { ...answer.headers };
    delete headers['www-authenticate'];
    res.writeHead(answer.statusCode ?? 502, headers);
    answer.pipe(res);
  });
  upstream.on('error', (error) => res.writeHead(502).end(`proxy: ${error.message}`));
  req.pipe(upstream);
}

export interface ServeOptions {
  /** An http:// origin served at DICOMWEB_PROXY_PREFIX (the page's CSP allows same-origin connections only). */
  dicomwebTarget?: string;
}

/**
 * Serves `dist/` on 127.0.0.1 at a random port with the cross-origin-isolation headers the
 * Electron app:// protocol sends, so SharedArrayBuffer and the CSP behave as in the app.
 */
export async function serveDist(options: ServeOptions = {}): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(join(distDir, 'index.html'))) throw new Error(`${distDir}/index.html missing: run \`vite build\` (npm run test:e2e does)`);
  const server: Server = createServer((req, res) => {
    if (options.dicomwebTarget && (req.url ?? '').startsWith(DICOMWEB_PROXY_PREFIX)) return forwardToDicomweb(req, res, options.dicomwebTarget);
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = resolve(distDir, '.' + (urlPath.endsWith('/') ? urlPath + 'index.html' : urlPath));
    if (!(file === distDir || file.startsWith(distDir + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Flags for Debian's Chromium in a container: software WebGL2 (SwiftShader), nothing phoning home. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** Problems that fail a test: console errors, uncaught page errors, CSP violations. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
}

export interface AppSession {
  page: Page;
  problems: PageProblems;
  /** Saves a full-page screenshot as test-results/screenshots/<name>.png. */
  screenshot(name: string): Promise<string>;
  /**
   * Throws listing every console error, page error and CSP violation seen so far. `allowConsole`
   * exempts exact, known console messages a test names on purpose (e.g. a library reporting a
   * real scanner file's header defect); page errors and CSP violations are never exempt.
   */
  assertNoProblems(allowConsole?: RegExp[]): void;
  close(): Promise<void>;
}

/**
 * Launches a fresh Chromium profile on the served app and wires the problem collectors before
 * any page script runs (the CSP listener is injected as an init script).
 */
export async function openApp(url: string, viewport = { width: 1400, height: 860 }): Promise<AppSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'dti-e2e-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  const browser: Browser | null = context.browser();
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], cspViolations: [] };
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => {
    problems.cspViolations.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCspViolation(t: string): void }).__reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(String(error.stack ?? error)));
  await page.goto(url);
  mkdirSync(screenshotDir, { recursive: true });
  return {
    page,
    problems,
    async screenshot(name) {
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    assertNoProblems(allowConsole = []) {
      const all = [
        ...problems.consoleErrors.filter((t) => !allowConsole.some((re) => re.test(t))).map((t) => `console error: ${t}`),
        ...problems.pageErrors.map((t) => `page error: ${t}`),
        ...problems.cspViolations.map((t) => `CSP violation: ${t}`),
      ];
      if (all.length > 0) throw new Error(all.join('\n'));
    },
    async close() {
      await context.close();
      await browser?.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Pixel statistics of a viewport's WebGL canvas, read back in the page. Cornerstone renders
 * into an offscreen WebGL canvas and copies into the visible 2D canvas, so `getImageData` works.
 */
export async function canvasStats(page: Page, slot = 0): Promise<{ width: number; height: number; mean: number; variance: number }> {
  return page.evaluate((s) => {
    const canvas = document.querySelector(`[data-testid="viewport-element-${s}"] canvas`) as HTMLCanvasElement | null;
    if (!canvas) throw new Error(`viewport ${s} has no canvas`);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('viewport canvas has no 2D context');
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    let sum2 = 0;
    const n = width * height;
    for (let i = 0; i < data.length; i += 4) {
      const v = (data[i] + data[i + 1] + data[i + 2]) / 3;
      sum += v;
      sum2 += v * v;
    }
    const mean = sum / n;
    return { width, height, mean, variance: sum2 / n - mean * mean };
  }, slot);
}

/**
 * The lifecycle every e2e file shares: one server for the file; per test one app session,
 * screenshotted when the test fails and always closed. `open()` starts the test's session.
 */
export function appSuite(): { open(): Promise<AppSession> } {
  let server: { url: string; close(): Promise<void> } | null = null;
  let session: AppSession | null = null;
  beforeAll(async () => {
    server = await serveDist();
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(async (ctx) => {
    if (session && ctx.task.result?.state === 'fail') await session.screenshot(`FAILED-${ctx.task.name.replace(/\W+/g, '_')}`);
    await session?.close();
    session = null;
  });
  return {
    async open() {
      if (!server) throw new Error('appSuite: server not started');
      session = await openApp(server.url);
      return session;
    },
  };
}
