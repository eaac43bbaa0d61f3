import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../../electron/protocol/appProtocolHandler';
import { resolveBundlePath } from '../../../electron/protocol/resolveBundlePath';
import { CONTENT_SECURITY_POLICY } from '../../../electron/security/csp';

/** tmp/dist is the bundle; tmp/secret.txt and tmp/outside/ sit beside it and must never be served. */
let tmp: string;
let dist: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'dti-protocol-'));
  dist = join(tmp, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  mkdirSync(join(tmp, 'outside'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>DTI</title>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'codec.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(dist, 'assets', 'with space.json'), '{}');
  writeFileSync(join(tmp, 'secret.txt'), 'secret');
  writeFileSync(join(tmp, 'outside', 'x.js'), 'secret');
  symlinkSync(join(tmp, 'secret.txt'), join(dist, 'leak.txt'));
  symlinkSync(join(tmp, 'outside'), join(dist, 'linkdir'));
  symlinkSync(join(dist, 'assets', 'app.js'), join(dist, 'alias.js'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('resolveBundlePath', () => {
  it.each([
    ['app://bundle/', 'index.html'],
    ['app://bundle/index.html', 'index.html'],
    ['app://bundle/assets/app.js', 'assets/app.js'],
    ['app://bundle/assets/app.js?v=3#frag', 'assets/app.js'],
    ['app://bundle/assets/with%20space.json', 'assets/with space.json'],
    ['app://bundle/alias.js', 'assets/app.js'],
  ])('serves %s from dist/%s', async (url, rel) => {
    const result = await resolveBundlePath(dist, url);
    expect(result).toEqual({ ok: true, filePath: join(dist, rel) });
  });

  it.each([
    ['dot-dot', 'app://bundle/../secret.txt'],
    ['nested dot-dot', 'app://bundle/assets/../../secret.txt'],
    ['encoded dot-dot', 'app://bundle/%2e%2e/secret.txt'],
    ['encoded upper-case dot-dot', 'app://bundle/%2E%2E/secret.txt'],
    ['mixed encoded dot-dot', 'app://bundle/.%2e/secret.txt'],
    ['encoded slash traversal', 'app://bundle/..%2fsecret.txt'],
    ['encoded slash traversal inside segment', 'app://bundle/assets%2f..%2f..%2fsecret.txt'],
    ['backslash', 'app://bundle/..\\secret.txt'],
    ['encoded backslash', 'app://bundle/..%5csecret.txt'],
    ['encoded absolute path', 'app://bundle/%2fetc%2fpasswd'],
    ['double slash absolute', 'app://bundle//etc/passwd'],
    ['drive letter', 'app://bundle/C:/Windows/win.ini'],
    ['NUL byte', 'app://bundle/index.html%00.js'],
    ['malformed escape', 'app://bundle/%E0%A4%A'],
    ['symlinked file escaping dist', 'app://bundle/leak.txt'],
    ['symlinked dir escaping dist', 'app://bundle/linkdir/x.js'],
    ['other host', 'app://other/index.html'],
    ['other scheme', 'file:///etc/passwd'],
    ['missing file', 'app://bundle/nope.js'],
    ['directory', 'app://bundle/assets'],
  ])('rejects %s', async (_label, url) => {
    const result = await resolveBundlePath(dist, url);
    expect(result.ok).toBe(false);
  });

  it('answers 403 (not 404) for a symlink escape, so it is logged as an attack, not a missing file', async () => {
    expect(await resolveBundlePath(dist, 'app://bundle/leak.txt')).toMatchObject({ ok: false, status: 403 });
    expect(await resolveBundlePath(dist, 'app://bundle/linkdir/x.js')).toMatchObject({ ok: false, status: 403 });
  });
});

describe('createAppProtocolHandler', () => {
  const handler = () => createAppProtocolHandler(dist);

  it('streams the file with its content type and the CSP + isolation headers', async () => {
    const response = await handler()(new Request('app://bundle/assets/app.js'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('console.log(1)');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-length')).toBe('14');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves wasm as application/wasm (streaming compilation needs it)', async () => {
    const response = await handler()(new Request('app://bundle/assets/codec.wasm'));
    expect(response.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
  });

  it('refuses a symlink escape with 403 and still sends the CSP', async () => {
    const response = await handler()(new Request('app://bundle/leak.txt'));
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('secret');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers 404 for a missing file and 405 for writes', async () => {
    expect((await handler()(new Request('app://bundle/missing.js'))).status).toBe(404);
    expect((await handler()(new Request('app://bundle/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
