import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The perfusion worker pool in Chromium: a small page (perfusionPoolPage/) built with the app's
 * worker settings and served cross-origin isolated, as the app is, calls computePerfusionInWorkers
 * on real Web Workers with the volume shared and copied, and cancels one run.
 */
const outDir = mkdtempSync(join(tmpdir(), 'perfusion-pool-page-'));
let server: Server;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  await build({ root: join(import.meta.dirname, 'perfusionPoolPage'), base: './', logLevel: 'silent', worker: { format: 'es' }, build: { outDir, emptyOutDir: true, target: 'es2022' } });
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = resolve(outDir, '.' + (path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(outDir + sep) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, {
      'Content-Type': extname(file) === '.html' ? 'text/html' : 'text/javascript',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => document.title === 'ready');
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  rmSync(outDir, { recursive: true, force: true });
});

type Check = { simd?: boolean; error?: string; message?: string; crossOriginIsolated?: boolean; sharedBuffer?: boolean; tissueVoxels?: number[]; differing?: string[]; maskSame?: boolean; aif?: number[]; phases?: string[]; last?: unknown; meanCbf?: number };
const run = (shared: boolean, abortAt: string | null): Promise<Check> =>
  page.evaluate(([s, a]) => (globalThis as unknown as { perfusionCheck(s: boolean, a: string | null): Promise<Check> }).perfusionCheck(s, a), [shared, abortAt] as const);

describe('perfusion pool on Web Workers (Chromium)', () => {
  it.each([true, false])('shared volume %s: the same maps as one thread, progress through every phase to 1', async (shared) => {
    const r = await run(shared, null);
    expect(r.error).toBeUndefined();
    expect(r.crossOriginIsolated).toBe(true);
    expect(r.simd).toBe(true); // the page, as the workers, runs the WebAssembly SIMD deconvolution
    expect(r.sharedBuffer).toBe(shared);
    expect(r.tissueVoxels).toEqual([160, 160]); // rows 2–6 of 8 columns, 4 slices
    expect(r.differing).toEqual([]);
    expect(r.maskSame).toBe(true);
    expect(r.aif![1]).toBe(r.aif![0]);
    expect(r.phases).toEqual(['vessels', 'model', 'maps']);
    expect(r.last).toEqual({ phase: 'maps', fraction: 1, etaSeconds: 0 });
    expect(r.meanCbf).toBeGreaterThan(20);
    expect(pageErrors).toEqual([]);
  });

  it('cancels through its AbortSignal with an AbortError', async () => {
    const r = await run(false, 'maps');
    expect(r.error).toBe('AbortError');
    const again = await run(true, null);
    expect(again.differing).toEqual([]);
  });
});
