import { lstat, mkdir, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { removePartialFiles, writeOutputFile } from '../node/outputFiles';
import { isPathInside, realpathAllowingMissing } from '../node/pathInside.js';
import { IDENTIFIER_FLAGS, type IdentifierFlag } from '../core/export/basicProfile';
import { buildExportFiles } from '../core/export/exportFiles';
import type { ExportUnitSystem } from '../core/export/exportUnits';
import { parseSessionFile, type SessionFile } from '../core/export/sessionFile';

/**
 * `npm run cli -- export <sessions folder> --out <dir> --salt <secret>`: the app's trial export
 * from saved session JSON files, byte-identical to what the desktop app writes (both call
 * core/export/exportFiles.ts).
 */

export interface RunExportOptions {
  /** Trial salt (hashes UIDs, derives subject IDs); required, never written. */
  salt: string;
  units?: ExportUnitSystem;
  dates?: 'remove' | 'shift';
  /** Identifiers to include in clear (explicit opt-in). */
  include?: IdentifierFlag[];
  /** Overwrite existing export files. */
  force?: boolean;
  /** Export time stamped into the provenance (default: now). */
  exportedAt?: string;
  /** File name stem (default 'dti_export'). */
  baseName?: string;
  /** Default: this package's version. */
  appVersion?: string;
}

export interface RunExportResult {
  written: string[];
  warnings: string[];
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Session files under `folder`: every *.json, recursively, in sorted order (the order never changes the output). */
async function readSessions(folder: string): Promise<SessionFile[]> {
  const names = (await readdir(folder, { recursive: true })).filter((n) => n.toLowerCase().endsWith('.json')).sort();
  const sessions: SessionFile[] = [];
  for (const name of names) {
    const path = join(folder, name);
    if (!(await stat(path)).isFile()) continue;
    try {
      sessions.push(parseSessionFile(JSON.parse(await readFile(path, 'utf8'))));
    } catch (error) {
      throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  if (sessions.length === 0) throw new Error(`no session files (*.json) in ${folder}`);
  return sessions;
}

/**
 * Exports the sessions of folder `input` into folder `out`. Refuses any target inside the input
 * folder (compared as real paths, so a symlink cannot smuggle the write in) and any existing
 * file unless `force`; all checks pass before the first byte is written. Each file is written
 * atomically (outputFiles.ts: a '.dti-partial' temp file + rename; a killed run's are removed).
 */
export async function runExport(input: string, out: string, opts: RunExportOptions): Promise<RunExportResult> {
  const inputReal = await realpath(input);
  if (!(await stat(inputReal)).isDirectory()) throw new Error(`${input} is not a folder`);
  const outReal = await realpathAllowingMissing(out);
  if (isPathInside(inputReal, outReal)) throw new Error(`refused: ${out} is inside the input folder ${input}; choose another output folder`);

  const sessions = await readSessions(inputReal);
  const { files, warnings } = buildExportFiles(
    sessions,
    {
      salt: opts.salt,
      units: opts.units ?? 'trial',
      dates: opts.dates ?? 'remove',
      include: opts.include ?? [],
      appVersion: opts.appVersion ?? (await packageVersion()),
      exportedAt: opts.exportedAt ?? new Date().toISOString(),
    },
    opts.baseName,
  );

  const targets: string[] = [];
  for (const f of files) {
    const target = await realpathAllowingMissing(join(outReal, f.name));
    if (isPathInside(inputReal, target)) throw new Error(`refused: ${join(out, f.name)} resolves into the input folder ${input}`);
    const existing = await lstat(join(outReal, f.name)).catch(() => null);
    if (existing && !opts.force) throw new Error(`refused: ${join(out, f.name)} exists (use --force to overwrite)`);
    targets.push(target);
  }
  for (const name of await removePartialFiles(outReal)) console.error(`removed ${join(out, name)}: left by an interrupted run`);
  await mkdir(outReal, { recursive: true });
  for (let i = 0; i < files.length; i++) await writeOutputFile(targets[i], files[i].text);
  return { written: targets.map((t) => relative(process.cwd(), t) || t), warnings };
}

export const exportUsage = `  npm run cli -- export <sessions folder> --out <dir> --salt <secret> [--units trial|si]
        [--dates remove|shift] [--include patientId,dates,...] [--name <stem>] [--force]
      trial export (long/wide/longitudinal CSV + provenance JSON), de-identified by default;
      the salt may also come from DTI_TRIAL_SALT
`;

/** The `export` verb over already-parsed arguments (src/cli/main.ts parseArgs). */
export async function exportCommand(positional: string[], flags: Map<string, string | true>): Promise<RunExportResult> {
  const text = (name: string) => {
    const v = flags.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const input = positional[0];
  const out = text('out');
  const salt = text('salt') ?? process.env.DTI_TRIAL_SALT ?? '';
  if (!input || !out || salt === '') throw new Error(`export needs <sessions folder>, --out and --salt\n\n${exportUsage}`);
  const units = text('units') ?? 'trial';
  if (units !== 'trial' && units !== 'si') throw new Error(`--units must be trial or si, not ${units}`);
  const dates = text('dates') ?? 'remove';
  if (dates !== 'remove' && dates !== 'shift') throw new Error(`--dates must be remove or shift, not ${dates}`);
  const include = (text('include') ?? '').split(',').filter((s) => s !== '');
  const unknown = include.filter((f) => !(IDENTIFIER_FLAGS as readonly string[]).includes(f));
  if (unknown.length > 0) throw new Error(`unknown --include flag(s) ${unknown.join(', ')}; known: ${IDENTIFIER_FLAGS.join(', ')}`);
  return runExport(input, out, {
    salt,
    units,
    dates,
    include: include as IdentifierFlag[],
    force: flags.has('force'),
    baseName: text('name'),
  });
}
