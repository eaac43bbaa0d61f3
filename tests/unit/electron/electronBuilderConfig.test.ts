import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/sharedData';

interface BuilderConfig {
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
}

/** js-yaml (electron-builder's own YAML parser) ships no type declarations: typed here to the one call used. */
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

const config = yaml.load(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it.each([
    ['runAsNode', false],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
    ['enableCookieEncryption', true],
    ['grantFileProtocolExtraPrivileges', false],
  ])('fuse %s is %s', (fuse, expected) => {
    expect(config.electronFuses[fuse]).toBe(expected);
  });

  it('packages an asar of the two builds, with better-sqlite3 unpacked', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'dist-electron/**']));
    expect(config.asarUnpack.some((p) => p.includes('better-sqlite3'))).toBe(true);
  });

  it('targets AppImage+deb, nsis and dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('only uses fuse names electron-builder knows (a typo would be silently ignored)', () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties);
    for (const fuse of Object.keys(config.electronFuses)) expect(known).toContain(fuse);
  });
});
