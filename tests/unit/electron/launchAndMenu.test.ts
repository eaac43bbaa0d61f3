import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appArgsFrom, parseLaunchArgs } from '../../../electron/launch/launchArgs';
import { buildMenuTemplate, type MenuActions } from '../../../electron/menu/appMenu';
import type { RecentFolderEntry } from '../../../src/shared/ipcContract';

describe('launch arguments', () => {
  it.each([
    [[], { kind: 'demo' }],
    [['--demo'], { kind: 'demo' }],
    [['/data/trial/site3', '--demo'], { kind: 'demo' }],
    [['/data/trial/site3'], { kind: 'folder', path: '/data/trial/site3' }],
    [['--enable-logging', 'C:\\scans\\p001'], { kind: 'folder', path: 'C:\\scans\\p001' }],
    [['--no-sandbox'], { kind: 'demo' }],
  ])('%j → %j', (args, expected) => {
    expect(parseLaunchArgs(args)).toEqual(expected);
  });

  it('drops the executable, and the app path when not packaged (electron . --demo)', () => {
    expect(appArgsFrom(['/usr/bin/electron', '.', '--demo'], false)).toEqual(['--demo']);
    expect(appArgsFrom(['/opt/DTI Trial Viewer/dti', '/data/x'], true)).toEqual(['/data/x']);
  });
});

describe('application menu', () => {
  const recent: RecentFolderEntry[] = [{ id: '0123456789abcdef', name: 'site3', path: '/data/site3' }];

  function menu(entries: RecentFolderEntry[], isDev = false) {
    const actions: MenuActions = { send: vi.fn(), openRecent: vi.fn(), openExternal: vi.fn(), quit: vi.fn() };
    const template = buildMenuTemplate(entries, actions, { isMac: false, isDev });
    const top = (label: string) => template.find((m) => m.label === label)!.submenu as MenuItemConstructorOptions[];
    const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();
    return { template, top, click, actions };
  }

  it('File holds Open Folder…, Open Demo Study, Open Recent and Exit, each doing its action', () => {
    const { top, click, actions } = menu(recent);
    const file = top('&File');
    expect(file.filter((i) => i.type !== 'separator').map((i) => i.label)).toEqual(['Open Folder…', 'Open Demo Study', 'Open Recent', 'Exit']);
    click(file[0]);
    click(file[1]);
    expect(actions.send).toHaveBeenNthCalledWith(1, { kind: 'open-folder' });
    expect(actions.send).toHaveBeenNthCalledWith(2, { kind: 'open-demo' });
    click((file[2].submenu as MenuItemConstructorOptions[])[0]);
    expect(actions.openRecent).toHaveBeenCalledWith(recent[0]);
    click(file[4]);
    expect(actions.quit).toHaveBeenCalledOnce();
  });

  it('shows a disabled placeholder when there is no recent folder', () => {
    const recentMenu = menu([]).top('&File')[2].submenu as MenuItemConstructorOptions[];
    expect(recentMenu).toEqual([{ label: 'No recent folders', enabled: false }]);
  });

  it('has View and Help; developer tools only in development', () => {
    const prod = menu(recent, false);
    expect(prod.top('&View').some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(menu(recent, true).top('&View').some((i) => i.role === 'toggleDevTools')).toBe(true);
    const help = prod.top('&Help');
    prod.click(help[0]);
    expect(prod.actions.send).toHaveBeenCalledWith({ kind: 'show-about' });
    prod.click(help[1]);
    expect(prod.actions.openExternal).toHaveBeenCalledWith(expect.stringMatching(/^https:\/\/dicom\.nema\.org\//));
  });
});
