import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, securityHeaders, withSessionCsp } from '../../../electron/security/csp';
import { gatedOpenExternal } from '../../../electron/security/externalOpener';
import { hardenWebContents, type GuardedContents } from '../../../electron/security/navigationGuards';
import { hardenSession, type HardenableSession } from '../../../electron/security/sessionPolicy';

/** directive name → sources, parsed the way a browser splits a CSP. */
function parseCsp(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    expect(map.has(name), `duplicate directive ${name}`).toBe(false);
    map.set(name, sources);
  }
  return map;
}

describe('Content-Security-Policy', () => {
  const csp = parseCsp(CONTENT_SECURITY_POLICY);

  it('has exactly the required directives with exactly the required sources', () => {
    expect(Object.fromEntries(csp)).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'", "'wasm-unsafe-eval'"],
      'worker-src': ["'self'", 'blob:'],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'connect-src': ["'self'", 'data:', 'blob:'],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
  });

  it('allows no wildcard, network scheme, eval or inline script anywhere', () => {
    for (const [directive, sources] of csp) {
      for (const source of sources) {
        expect(source, directive).not.toMatch(/\*|^https?:|^wss?:|^file:|^'unsafe-eval'$|^'unsafe-hashes'$|^'strict-dynamic'$/);
      }
    }
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('script-src')).not.toContain('blob:');
    expect(csp.get('script-src')).not.toContain('data:');
  });

  it('ships with cross-origin isolation so SharedArrayBuffer is available', () => {
    expect(securityHeaders()).toMatchObject({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
  });

  it('the session hook replaces any CSP a response carried, whatever its case, and keeps other headers', () => {
    const out = withSessionCsp({ 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'], 'X-One': 'single' });
    expect(out).toEqual({
      'Content-Type': ['text/html'],
      'X-One': ['single'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });
});

describe('session policy', () => {
  function fakeSession() {
    const hooks: {
      request?: Parameters<HardenableSession['setPermissionRequestHandler']>[0];
      check?: Parameters<HardenableSession['setPermissionCheckHandler']>[0];
      headers?: Parameters<HardenableSession['webRequest']['onHeadersReceived']>[0];
    } = {};
    const session: HardenableSession = {
      setPermissionRequestHandler: (h) => void (hooks.request = h),
      setPermissionCheckHandler: (h) => void (hooks.check = h),
      webRequest: { onHeadersReceived: (h) => void (hooks.headers = h) },
    };
    hardenSession(session);
    return hooks;
  }

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'fileSystem', 'openExternal', 'usb'])(
    'denies the %s permission request and check',
    (permission) => {
      const hooks = fakeSession();
      const callback = vi.fn();
      hooks.request!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(hooks.check!({}, permission)).toBe(false);
    },
  );

  it('adds the CSP to every response through webRequest', () => {
    const hooks = fakeSession();
    const callback = vi.fn();
    hooks.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback.mock.calls[0][0].responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });
});

describe('navigation guards', () => {
  function guarded() {
    const emitter = new EventEmitter();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
    const contents: GuardedContents = {
      on: (name, listener) => emitter.on(name, listener),
      setWindowOpenHandler: (h) => void (openHandler = h),
    };
    const opened: string[] = [];
    hardenWebContents(contents, gatedOpenExternal((url) => opened.push(url))); // as main wires it
    return { emitter, open: (url: string) => openHandler!({ url }), opened };
  }

  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('%s is prevented', (name) => {
    const { emitter } = guarded();
    const event = { preventDefault: vi.fn() };
    emitter.emit(name, event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('denies every new window; only allow-listed https URLs go to the system browser', () => {
    const { open, opened } = guarded();
    expect(open('https://github.com/x')).toEqual({ action: 'deny' });
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('app://bundle/index.html')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://github.com/x']);
  });
});
