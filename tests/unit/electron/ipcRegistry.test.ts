import { describe, expect, it, vi } from 'vitest';
import { IpcFailure } from '../../../electron/ipc/ipcFailure';
import { createIpcRegistry, type IpcHandlers } from '../../../electron/ipc/ipcRegistry';
import { isTrustedSender, type InvokeEventLike } from '../../../electron/security/senderGate';
import { IpcChannel } from '../../../src/shared/ipcContract';

const OUR_WINDOW = 7;
const trusted = new Set([OUR_WINDOW]);

function event(overrides: { id?: number; url?: string; parent?: unknown; noFrame?: boolean } = {}): InvokeEventLike {
  return {
    sender: { id: overrides.id ?? OUR_WINDOW },
    senderFrame: overrides.noFrame ? null : { url: overrides.url ?? 'app://bundle/index.html', parent: overrides.parent ?? null },
  };
}

const validRead = { folderId: 'abcdefgh12345678', path: 'dicom/IM0001', start: 0, end: 132 };

function setup(fail?: IpcFailure | Error) {
  const readFile = vi.fn(async (args: { start: number; end: number }) => {
    if (fail) throw fail;
    return new Uint8Array(args.end - args.start).fill(1);
  });
  const notCalled = vi.fn(async () => {
    throw new Error('must not be called');
  });
  const handlers = {
    'folder:open': notCalled,
    'folder:openDemo': notCalled,
    'file:read': readFile,
    'export:save': notCalled,
    'recent:list': async () => [],
    'recent:open': notCalled,
    'launch:takeFolder': notCalled,
    'app:info': notCalled,
  } as unknown as IpcHandlers;
  const unexpected = vi.fn();
  const registry = createIpcRegistry({
    handlers,
    isTrustedSender: (e) => isTrustedSender(e, trusted),
    onUnexpectedError: unexpected,
  });
  return { registry, readFile, unexpected };
}

describe('IPC registry', () => {
  it('runs the handler for our window with valid args and wraps the value', async () => {
    const { registry, readFile } = setup();
    const result = await registry.dispatch('file:read', event(), [validRead]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.byteLength).toBe(132);
    expect(readFile).toHaveBeenCalledOnce();
    expect(readFile.mock.calls[0][0]).toEqual(validRead);
  });

  it('accepts a no-argument channel called with no argument', async () => {
    const { registry } = setup();
    expect(await registry.dispatch('recent:list', event(), [])).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['another webContents', event({ id: 99 })],
    ['a page not on app://bundle', event({ url: 'https://evil.example/' })],
    ['a file:// page', event({ url: 'file:///tmp/x.html' })],
    ['another app:// host', event({ url: 'app://other/index.html' })],
    ['a subframe of our page', event({ parent: { url: 'app://bundle/index.html' } })],
    ['a destroyed frame', event({ noFrame: true })],
  ])('refuses %s before validating or running anything', async (_label, foreign) => {
    const { registry, readFile } = setup();
    const result = await registry.dispatch('file:read', foreign, [validRead]);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(readFile).not.toHaveBeenCalled();
  });

  it.each([
    ['no argument', []],
    ['two arguments', [validRead, validRead]],
    ['end before start', [{ ...validRead, start: 10, end: 5 }]],
    ['negative start', [{ ...validRead, start: -1 }]],
    ['fractional offset', [{ ...validRead, end: 1.5 }]],
    ['range above 256 MiB', [{ ...validRead, end: 256 * 1024 * 1024 + 1 }]],
    ['absolute path', [{ ...validRead, path: '/etc/passwd' }]],
    ['backslash path', [{ ...validRead, path: '..\\..\\x' }]],
    ['NUL in path', [{ ...validRead, path: 'a\0b' }]],
    ['empty path', [{ ...validRead, path: '' }]],
    ['bad folder id', [{ ...validRead, folderId: '../..' }]],
    ['extra key', [{ ...validRead, realPath: '/etc/passwd' }]],
    ['string instead of object', ['dicom/IM0001']],
  ])('rejects bad args: %s', async (_label, args) => {
    const { registry, readFile } = setup();
    const result = await registry.dispatch('file:read', event(), args as unknown[]);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
    expect(readFile).not.toHaveBeenCalled();
  });

  it('rejects an argument sent to a no-argument channel', async () => {
    const { registry } = setup();
    expect(await registry.dispatch('recent:list', event(), [{ path: '/' }])).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
  });

  it('passes an IpcFailure through as its typed code', async () => {
    const { registry, unexpected } = setup(new IpcFailure('OUTSIDE_FOLDER', 'refused'));
    expect(await registry.dispatch('file:read', event(), [validRead])).toEqual({
      ok: false,
      error: { code: 'OUTSIDE_FOLDER', message: 'refused' },
    });
    expect(unexpected).not.toHaveBeenCalled();
  });

  it('reports an unexpected exception as INTERNAL (message only) and logs it', async () => {
    const { registry, unexpected } = setup(new Error('boom'));
    const result = await registry.dispatch('file:read', event(), [validRead]);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'file:read: boom' } });
    expect(unexpected).toHaveBeenCalledOnce();
  });

  it('registerAll installs exactly one ipcMain.handle per contract channel, routed through the gate', async () => {
    const { registry, readFile } = setup();
    const listeners = new Map<string, (e: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
    registry.registerAll({ handle: (channel, listener) => void listeners.set(channel, listener) });
    expect([...listeners.keys()].sort()).toEqual(Object.values(IpcChannel).sort());
    const viaIpc = listeners.get('file:read')!;
    expect(await viaIpc(event({ id: 99 }), validRead)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(await viaIpc(event(), validRead)).toMatchObject({ ok: true });
    expect(readFile).toHaveBeenCalledOnce();
  });
});
