/**
 * DICOM folder → DTI maps on disk, every diffusion series of ../shared/dicom
 * (`npx tsx tests/bench/pipeline.bench.ts [repeats]`, default 3): prints, asserts nothing.
 *  - reference, per series: dcm2niix → dwi2mask → dwi2tensor → tensor2metric (FA, MD, AD, RD), -nthreads 2;
 *  - ours, per series: `node scripts/cli.mjs fit` as a fresh process (what `npm run cli` runs,
 *    without npm's own start-up), 2 threads; its phases from fit.json (process start, index,
 *    assemble, fit, write; the rest of the wall time is the process's exit);
 *  - batch: `fit --all` over a tree holding every series, against the sum of the reference's
 *    per-series times (one process, warm threads from the second series on).
 * Runs are interleaved (reference, ours, reference, ...) and medians taken, so both see the same
 * load: other jobs share this machine's cores, and a figure holds only as a ratio within one run.
 * Goals (issue #20): ours ≤ 0.5× the reference on each series, median ≤ 0.4×; batch ≤ 0.25×.
 * A series the reference cannot convert (dcm2niix without that codec) is listed, not compared.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fittableSeries } from '../../src/cli/fit';
import { indexFolder } from '../../src/cli/indexFolder';
import { hasSharedDicom, repoRoot, sharedDicomSkipMessage, sharedSeriesDir, sharedSeriesIds } from '../helpers/sharedData';

const THREADS = '2';
const GOAL_EACH = 0.5;
const GOAL_MEDIAN = 0.4;
const GOAL_BATCH = 0.25;

interface Timing {
  wall: number;
  cpu: number;
}

/** Runs a command under /usr/bin/time; throws with its stderr when it fails. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timing & { stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '@@time %e %U %S', cmd, ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26, env });
  const line = r.stderr.split('\n').find((l) => l.startsWith('@@time '));
  if (r.status !== 0 || !line) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr.split('\n').slice(-4).join('\n')}`);
  const [wall, user, sys] = line.slice(7).split(' ').map(Number);
  return { wall, cpu: user + sys, stdout: r.stdout };
}

function sum(parts: Timing[]): Timing {
  return { wall: parts.reduce((a, p) => a + p.wall, 0), cpu: parts.reduce((a, p) => a + p.cpu, 0) };
}

function reference(dicom: string, dir: string): Timing {
  const mr = ['-quiet', '-force', '-nthreads', THREADS];
  const grad = ['-fslgrad', join(dir, 'dwi.bvec'), join(dir, 'dwi.bval')];
  const conversion = timed('dcm2niix', ['-z', 'n', '-f', 'dwi', '-o', dir, dicom]);
  if (!existsSync(join(dir, 'dwi.nii')) || !existsSync(join(dir, 'dwi.bvec'))) throw new Error('dcm2niix wrote no dwi.nii with gradients');
  return sum([
    conversion,
    timed('dwi2mask', [...mr, ...grad, join(dir, 'dwi.nii'), join(dir, 'mask.mif')]),
    timed('dwi2tensor', [...mr, ...grad, '-mask', join(dir, 'mask.mif'), join(dir, 'dwi.nii'), join(dir, 'dt.mif')]),
    timed('tensor2metric', [...mr, '-fa', join(dir, 'fa.nii'), '-adc', join(dir, 'md.nii'), '-ad', join(dir, 'ad.nii'), '-rd', join(dir, 'rd.nii'), join(dir, 'dt.mif')]),
  ]);
}

type Phases = Record<string, number>;

function ours(dicom: string, dir: string): Timing & { phases: Phases } {
  const t = timed('node', ['scripts/cli.mjs', 'fit', dicom, '--workers', THREADS, '--force', '--out', join(dir, 'maps')]);
  return { ...t, phases: JSON.parse(readFileSync(join(dir, 'maps', 'fit.json'), 'utf8')).timingsSeconds };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function inTemp<T>(prefix: string, run: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The shared series a tensor can be fitted to (indexed here, once, before any timing). */
async function diffusionSeries(): Promise<string[]> {
  const ids: string[] = [];
  for (const id of sharedSeriesIds()) {
    const { index } = await indexFolder(join(sharedSeriesDir(id), 'dicom'));
    if (fittableSeries(index).length === 1) ids.push(id);
  }
  return ids;
}

const f2 = (x: number): string => x.toFixed(2);

async function main(): Promise<void> {
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
  // Rebuild the CLI bundle now if a source changed, so no timed run includes esbuild.
  spawnSync('node', ['scripts/cli.mjs', 'help'], { cwd: repoRoot });
  const repeats = Number(process.argv[2] ?? 3);
  const ids = await diffusionSeries();
  console.log(`${ids.length} diffusion series, ${repeats} interleaved runs each, ${THREADS} threads, ${availableParallelism()} cores, load average ${loadavg().map(f2).join(' ')} at start`);
  console.log('wall seconds, medians; ratio = ours / reference (lower is faster)');
  console.log(`${'series'.padEnd(40)} ${'ref'.padStart(6)} ${'ours'.padStart(6)} ${'ratio'.padStart(6)}  goal ≤ ${GOAL_EACH}×`);
  const ratios: number[] = [];
  const refTotals: number[] = [];
  const compared: string[] = [];
  for (const id of ids) {
    const dicom = join(sharedSeriesDir(id), 'dicom');
    const ref: Timing[] = [];
    const mine: (Timing & { phases: Phases })[] = [];
    let refProblem = '';
    for (let r = 0; r < repeats; r++) {
      if (!refProblem) {
        try {
          ref.push(inTemp('pipeline-ref-', (dir) => reference(dicom, dir)));
        } catch (error) {
          refProblem = (error as Error).message.split('\n')[0];
        }
      }
      mine.push(inTemp('pipeline-ours-', (dir) => ours(dicom, dir)));
    }
    const oursWall = median(mine.map((t) => t.wall));
    if (refProblem) {
      console.log(`${id.padEnd(40)} ${'—'.padStart(6)} ${f2(oursWall).padStart(6)} ${'—'.padStart(6)}  reference failed: ${refProblem}`);
      continue;
    }
    const refWall = median(ref.map((t) => t.wall));
    const ratio = oursWall / refWall;
    ratios.push(ratio);
    refTotals.push(refWall);
    compared.push(id);
    const met = ratio <= GOAL_EACH;
    console.log(`${id.padEnd(40)} ${f2(refWall).padStart(6)} ${f2(oursWall).padStart(6)} ${f2(ratio).padStart(6)}  ${met ? 'met' : 'NOT met'}`);
    if (!met) {
      const p = (name: string): string => f2(median(mine.map((t) => t.phases[name] ?? NaN)));
      const accounted = median(mine.map((t) => ['start', 'index', 'assemble', 'fit', 'write'].reduce((a, k) => a + (t.phases[k] ?? 0), 0)));
      console.log(`${''.padEnd(40)} where the time goes: start ${p('start')} · index ${p('index')} · assemble ${p('assemble')} · fit ${p('fit')} · write ${p('write')} · exit ${f2(oursWall - accounted)} s`);
    }
  }
  if (ratios.length === 0) return;
  const medianRatio = median(ratios);
  console.log(`median ratio over ${ratios.length} series: ${f2(medianRatio)}× (goal ≤ ${GOAL_MEDIAN}×: ${medianRatio <= GOAL_MEDIAN ? 'met' : 'NOT met'}); ${ratios.filter((r) => r <= GOAL_EACH).length} of ${ratios.length} ≤ ${GOAL_EACH}×`);

  // Batch: every compared series under one tree (copied to a temporary folder: fit --all never follows folder links).
  inTemp('pipeline-batch-', (dir) => {
    const tree = join(dir, 'trial');
    for (const id of compared) {
      mkdirSync(join(tree, id), { recursive: true });
      cpSync(join(sharedSeriesDir(id), 'dicom'), join(tree, id, 'dicom'), { recursive: true });
    }
    const walls: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const out = join(dir, `out-${r}`);
      walls.push(timed('node', ['scripts/cli.mjs', 'fit', tree, '--all', '--workers', THREADS, '--out', out]).wall);
      const failed = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { status: string }[]).filter((row) => row.status !== 'fitted');
      if (failed.length) console.log(`batch run ${r + 1}: ${failed.length} series failed`);
    }
    const batch = median(walls);
    const refTotal = refTotals.reduce((a, b) => a + b, 0);
    const ratio = batch / refTotal;
    console.log(`batch fit --all over the ${compared.length} series: ${f2(batch)} s vs the reference's total ${f2(refTotal)} s: ${f2(ratio)}× (goal ≤ ${GOAL_BATCH}×: ${ratio <= GOAL_BATCH ? 'met' : 'NOT met'})`);
  });
  console.log(`load average ${loadavg().map(f2).join(' ')} at the end`);
}

await main();
