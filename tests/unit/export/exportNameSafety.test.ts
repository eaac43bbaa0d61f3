import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveToFolder } from '../../../electron/export/saveToFolder';
import { deviceOrHiddenCharacterProblem, ipcArgs, plainFileNameProblem } from '../../../src/shared/ipcContract';

const tmp = mkdtempSync(join(tmpdir(), 'export-names-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('export file names: no Windows device name, no hidden character', () => {
  it.each(['CON', 'con.csv', 'NUL.csv', 'nul.tar.gz', 'Prn.txt', 'AUX', 'COM1.json', 'com9', 'LPT1.csv', 'lpt5.nii.gz', 'CONIN$', 'NUL .csv', 'COM\u00b2.csv'])(
    '%j is refused as a device name',
    (name) => {
      expect(plainFileNameProblem(name)).toMatch(/Windows device name/);
    },
  );

  it.each(['CONSOLE.csv', 'con_long.csv', 'NULL.csv', 'nul-export.csv', 'COM10.csv', 'LPT.csv', 'x.con', 'aux1.csv', 'S-01_day-14_FA.nii.gz'])('%j is allowed', (name) => {
    expect(plainFileNameProblem(name)).toBe('');
  });

  it.each([
    ['right-to-left override', 'report\u202Evsc.exe', '202E'],
    ['left-to-right override', 'a\u202Db.csv', '202D'],
    ['right-to-left isolate', 'a\u2067b.csv', '2067'],
    ['pop directional isolate', 'a\u2069.csv', '2069'],
    ['right-to-left mark', 'a\u200Fb.csv', '200F'],
    ['zero-width space', 'a\u200Bb.csv', '200B'],
    ['zero-width no-break space', 'a\uFEFFb.csv', 'FEFF'],
    ['line separator', 'a\u2028b.csv', '2028'],
  ])('a %s is refused, naming its code point', (_label, name, code) => {
    expect(plainFileNameProblem(name)).toBe(`contains an invisible formatting or bidirectional-override character (U+${code})`);
  });

  it('accents and other scripts stay allowed', () => {
    for (const name of ['Sujet-é.csv', 'مريض.csv', '患者.csv']) expect(deviceOrHiddenCharacterProblem(name)).toBe('');
  });

  it('a folder export with one such name writes nothing at all', async () => {
    const result = await saveToFolder(tmp, [{ name: 'ok.csv', data: 'a' }, { name: 'NUL.csv', data: 'b' }, { name: 'x\u202Ecsv.exe', data: 'c' }], []);
    expect(result).toEqual({ saved: false, reason: expect.stringMatching(/^refused file names: "NUL.csv" is a Windows device name.*; "x\u202Ecsv.exe" contains an invisible/) });
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('the IPC contract refuses such a name suggested for the save dialog', () => {
    const args = (suggestedName: string) => ipcArgs['export:save'].safeParse({ suggestedName, data: 'x' }).success;
    expect(args('trial_long.csv')).toBe(true);
    expect(args('nul.csv')).toBe(false);
    expect(args('trial\u202Evsc.exe')).toBe(false);
  });
});
