/**
 * DICOM folder → DTI maps, end to end (`npx tsx tests/bench/pipeline.bench.ts [repeats]`): prints,
 * asserts nothing. On philips_701_DTI_Biobank_cl, interleaved `repeats` times (default 3):
 *  - reference: dcm2niix → dwi2mask → dwi2tensor → tensor2metric (FA, MD, AD, RD), -nthreads 2;
 *  - ours, CLI: `npm run cli -- fit` as a fresh process (npm + Node start-up of the bundled CLI
 *    included; its own phase timings from fit.json are printed too);
 *  - ours, CLI without npm: `node scripts/cli.mjs fit`, the command npm runs, so npm's own start-up
 *    (~0.2 s here, outside the tool) shows as the difference;
 *  - ours, in-process cold: a fresh process that imports runFit and times only the call;
 *  - then once, runFit 8 times in one process, each call's time printed: what V8's optimisation of
 *    the JavaScript is worth (a fresh CLI process always runs the first).
 * Wall time and user+sys CPU (via /usr/bin/time) of each; medians and ratios at the end.
 * On a machine shared with other jobs, CPU time is the steadier figure. Goal: ours ≤ ¼ of the reference.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasSharedDicom, repoRoot, sharedDicomSkipMessage, sharedSeriesDir } from '../helpers/sharedData';

const SERIES = 'philips_701_DTI_Biobank_cl';
const THREADS = '2';

interface Timing {
  wall: number;
  cpu: number;
}

/** The CLI's phases as it records them in fit.json (seconds). */
const phases: Record<string, number>[] = [];

/** Runs a command under /usr/bin/time; throws with its stderr when it fails. */
function timed(cmd: string, args: string[], cwd?: string): Timing & { stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '@@time %e %U %S', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = r.stderr.split('\n').find((l) => l.startsWith('@@time '));
  if (r.status !== 0 || !line) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const [wall, user, sys] = line.slice(7).split(' ').map(Number);
  return { wall, cpu: user + sys, stdout: r.stdout };
}

function sum(parts: Timing[]): Timing {
  return { wall: parts.reduce((a, p) => a + p.wall, 0), cpu: parts.reduce((a, p) => a + p.cpu, 0) };
}

function reference(dicom: string, dir: string): Timing {
  const mr = ['-quiet', '-force', '-nthreads', THREADS];
  const grad = ['-fslgrad', join(dir, 'dwi.bvec'), join(dir, 'dwi.bval')];
  return sum([
    timed('dcm2niix', ['-z', 'n', '-f', 'dwi', '-o', dir, dicom]),
    timed('dwi2mask', [...mr, ...grad, join(dir, 'dwi.nii'), join(dir, 'mask.mif')]),
    timed('dwi2tensor', [...mr, ...grad, '-mask', join(dir, 'mask.mif'), join(dir, 'dwi.nii'), join(dir, 'dt.mif')]),
    timed('tensor2metric', [...mr, '-fa', join(dir, 'fa.nii'), '-adc', join(dir, 'md.nii'), '-ad', join(dir, 'ad.nii'), '-rd', join(dir, 'rd.nii'), join(dir, 'dt.mif')]),
  ]);
}

function oursCli(dicom: string, dir: string): Timing {
  const t = timed('npm', ['run', '-s', 'cli', '--', 'fit', dicom, '--workers', THREADS, '--force', '--out', join(dir, 'maps')], repoRoot);
  phases.push(JSON.parse(readFileSync(join(dir, 'maps', 'fit.json'), 'utf8')).timingsSeconds);
  return t;
}

function oursNode(dicom: string, dir: string): Timing {
  return timed('node', ['scripts/cli.mjs', 'fit', dicom, '--workers', THREADS, '--force', '--out', join(dir, 'maps')], repoRoot);
}

/** Fits in the repeat child: what V8's optimisation of the JavaScript is worth (a fresh CLI process always runs the 1st). */
const REPEATED_FITS = 8;

/** This file re-run as a child: wall time of one cold runFit call, CPU of the whole child. */
function oursInProcess(dicom: string, dir: string): Timing {
  const walls = childFits(dicom, dir, 1);
  return { wall: walls.wall[0], cpu: walls.cpu };
}

/** A child that calls runFit `count` times in one process: each call's wall seconds, and the child's CPU. */
function childFits(dicom: string, dir: string, count: number): { wall: number[]; cpu: number } {
  const r = timed('npx', ['tsx', fileURLToPath(import.meta.url), '--child', dicom, join(dir, 'maps'), String(count)], repoRoot);
  return { wall: [...r.stdout.matchAll(/runFit wall (\S+)/g)].map((m) => Number(m[1])), cpu: r.cpu };
}

async function child(dicom: string, out: string, count: number): Promise<void> {
  const { runFit } = await import('../../src/cli/fit');
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await runFit(dicom, { method: 'wls', out, workers: Number(THREADS), force: true }); // each call rewrites the same maps
    console.log(`runFit wall ${((performance.now() - t0) / 1000).toFixed(4)}`);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3], process.argv[4], Number(process.argv[5] ?? 1));
  if (!hasSharedDicom) {
    console.log(sharedDicomSkipMessage);
    return;
  }
  for (const tool of ['dcm2niix', 'dwi2mask', 'dwi2tensor', 'tensor2metric']) {
    if (spawnSync(tool, ['-version']).error) {
      console.log(`${tool} not installed (apt-get install -y dcm2niix mrtrix3): no reference to compare with`);
      return;
    }
  }
  if (!existsSync('/usr/bin/time')) {
    console.log('/usr/bin/time not installed (apt-get install -y time): cannot measure child CPU time');
    return;
  }
  const dicom = join(sharedSeriesDir(SERIES), 'dicom');
  // Rebuild the CLI bundle now if a source changed, so no timed run includes esbuild.
  spawnSync('node', ['scripts/cli.mjs', 'help'], { cwd: repoRoot });
  const repeats = Number(process.argv[2] ?? 3);
  console.log(`${SERIES}, ${repeats} interleaved runs, ${THREADS} threads, ${availableParallelism()} cores`);
  const runs: Record<'ref' | 'cli' | 'node' | 'inproc', Timing[]> = { ref: [], cli: [], node: [], inproc: [] };
  for (let r = 0; r < repeats; r++) {
    for (const [key, run] of [['ref', reference], ['cli', oursCli], ['node', oursNode], ['inproc', oursInProcess]] as const) {
      const dir = mkdtempSync(join(tmpdir(), `pipeline-${key}-`));
      try {
        const t = run(dicom, dir);
        runs[key].push(t);
        console.log(`run ${r + 1} ${key.padEnd(6)} wall ${t.wall.toFixed(2)} s, CPU ${t.cpu.toFixed(2)} s`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const med = (key: keyof typeof runs, f: keyof Timing): number => median(runs[key].map((t) => t[f]));
  console.log('median                                   wall s   CPU s');
  console.log(`dcm2niix → dwi2mask → dwi2tensor → tensor2metric ${med('ref', 'wall').toFixed(2).padStart(6)} ${med('ref', 'cpu').toFixed(2).padStart(7)}`);
  console.log(`npm run cli -- fit (process)                     ${med('cli', 'wall').toFixed(2).padStart(6)} ${med('cli', 'cpu').toFixed(2).padStart(7)}`);
  console.log(`node scripts/cli.mjs fit (what npm runs)         ${med('node', 'wall').toFixed(2).padStart(6)} ${med('node', 'cpu').toFixed(2).padStart(7)}`);
  console.log(`runFit in a fresh process (call only / process)  ${med('inproc', 'wall').toFixed(2).padStart(6)} ${med('inproc', 'cpu').toFixed(2).padStart(7)}`);
  const phase = (name: string): string => median(phases.map((p) => p[name])).toFixed(2);
  console.log(`  CLI phases (fit.json, median): index + assemble ${phase('indexAndAssemble')} s, fit ${phase('fit')} s, write ${phase('write')} s`);
  console.log(`ratio reference / CLI:    wall ${(med('ref', 'wall') / med('cli', 'wall')).toFixed(2)}×, CPU ${(med('ref', 'cpu') / med('cli', 'cpu')).toFixed(2)}× (goal ≥ 4×)`);
  console.log(`ratio reference / node:   wall ${(med('ref', 'wall') / med('node', 'wall')).toFixed(2)}×, CPU ${(med('ref', 'cpu') / med('node', 'cpu')).toFixed(2)}×`);
  console.log(`ratio reference / runFit: wall ${(med('ref', 'wall') / med('inproc', 'wall')).toFixed(2)}× (goal ≥ 4×)`);
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-repeat-'));
  try {
    const { wall } = childFits(dicom, dir, REPEATED_FITS);
    console.log(`runFit ${REPEATED_FITS} times in one process: ${wall.map((w) => w.toFixed(2)).join(', ')} s (the 1st is what a fresh CLI process runs)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
