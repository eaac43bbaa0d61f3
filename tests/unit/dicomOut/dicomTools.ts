import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether a command-line tool is installed (dicom3tools' dciodvfy, dcmtk's dsrdump). */
export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

function withFile<T>(bytes: Uint8Array, run: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'dicomout-'));
  try {
    const path = join(dir, 'object.dcm');
    writeFileSync(path, bytes);
    return run(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** dciodvfy's errors and warnings for one object (its output lines starting "Error" / "Warning"). */
export function dciodvfy(bytes: Uint8Array): { errors: string[]; warnings: string[]; output: string } {
  return withFile(bytes, (path) => {
    const r = spawnSync('dciodvfy', ['-new', path], { encoding: 'utf8' });
    const output = `${r.stdout}${r.stderr}`;
    const lines = output.split('\n');
    return { errors: lines.filter((l) => l.startsWith('Error')), warnings: lines.filter((l) => l.startsWith('Warning')), output };
  });
}

/** dsrdump's text of an SR object. */
export function dsrdump(bytes: Uint8Array): string {
  return withFile(bytes, (path) => execFileSync('dsrdump', [path], { encoding: 'utf8' }));
}
