import { describe, expect, it } from 'vitest';
import { createSaveDialogFlow, type SaveDialogOptions } from '../../../electron/export/saveDialog';
import { gatedOpenExternal } from '../../../electron/security/externalOpener';

describe('the save panel decides what may be replaced', () => {
  it('only the path the panel last returned is confirmed; none after a cancel', async () => {
    const asked: SaveDialogOptions[] = [];
    let answer: { canceled: boolean; filePath?: string } = { canceled: false, filePath: '/exports/a.csv' };
    const flow = createSaveDialogFlow({ showSaveDialog: async (o) => (asked.push(o), answer) }, '/home/u/Documents');
    expect(await flow.confirmOverwrite('/exports/a.csv')).toBe(false); // nothing chosen yet
    expect(await flow.chooseSaveTarget('a.csv')).toBe('/exports/a.csv');
    expect(asked[0]).toEqual({ title: 'Save export', defaultPath: '/home/u/Documents/a.csv', properties: ['showOverwriteConfirmation', 'createDirectory'] });
    expect(await flow.confirmOverwrite('/exports/a.csv')).toBe(true);
    expect(await flow.confirmOverwrite('/exports/b.csv')).toBe(false);
    answer = { canceled: true };
    expect(await flow.chooseSaveTarget('a.csv')).toBeNull();
    expect(await flow.confirmOverwrite('/exports/a.csv')).toBe(false);
  });
});

describe('gatedOpenExternal', () => {
  it('opens allow-listed https URLs only', () => {
    const opened: string[] = [];
    const open = gatedOpenExternal((url) => opened.push(url));
    for (const url of ['https://github.com/a', 'https://evil.example/', 'http://github.com/', 'file:///etc/passwd', 'https://user@github.com/', 'not a url']) open(url);
    expect(opened).toEqual(['https://github.com/a']);
  });
});
