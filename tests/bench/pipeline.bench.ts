/**
 * DICOM folder → DTI maps on disk, every diffusion series of ../shared/dicom
 * (`npx tsx tests/bench/pipeline.bench.ts [repeats]`, default 3): prints, asserts nothing.
 *  - reference, per series: dcm2niix → dwi2mask → dwi2tensor → tensor2metric (FA, MD, AD, RD), -nthreads 2;
 *  - ours, per series: `node scripts/cli.mjs fit` as a fresh process (what `npm run cli` runs,
 *    without npm's own start-up), 2 threads; its phases from fit.json (process start, index,
 *    assemble, fit, write; the rest of the wall time is the process's exit);
 *  - batch: `fit --all` over a tree holding every compared series (each its own Series Instance
 *    UID: see buildTrialTree), against the sum of the reference's per-series times (one process,
 *    warm threads from the second series on), with its phases (fitAll's `timings:` line).
 * Runs are interleaved (reference, ours, reference, ...) and medians taken, so both see the same
 * load: other jobs share this machine's cores, and a figure holds only as a ratio within one run.
 * DTI_BENCH_CLI=<path of a built main.mjs> times that build instead (an earlier build kept for a
 * before/after comparison); the bundle must sit two folders below the repository root.
 * Goals (issue #20): ours ≤ 0.5× the reference on each series, median ≤ 0.4×; batch ≤ 0.25×.
 * A series the reference cannot convert (dcm2niix without that codec) is listed, not compared.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fittableSeries } from '../../src/cli/fit';
import { indexFolder } from '../../src/cli/indexFolder';
import { hasSharedDicom, repoRoot, sharedDicomSkipMessage, sharedSeriesDir, sharedSeriesIds } from '../helpers/sharedData';

const THREADS = '2';
/** What `ours` runs: scripts/cli.mjs, or DTI_BENCH_CLI (see above). */
const CLI = process.env.DTI_BENCH_CLI ?? 'scripts/cli.mjs';
const GOAL_EACH = 0.5;
const GOAL_MEDIAN = 0.4;
const GOAL_BATCH = 0.25;

interface Timing {
  wall: number;
  cpu: number;
}

/** Runs a command under /usr/bin/time; throws with its stderr when it fails. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timing & { stdout: string; stderr: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '@@time %e %U %S', cmd, ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26, env });
  const line = r.stderr.split('\n').find((l) => l.startsWith('@@time '));
  if (r.status !== 0 || !line) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr.split('\n').slice(-4).join('\n')}`);
  const [wall, user, sys] = line.slice(7).split(' ').map(Number);
  return { wall, cpu: user + sys, stdout: r.stdout, stderr: r.stderr };
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
  const t = timed('node', [CLI, 'fit', dicom, '--workers', THREADS, '--force', '--out', join(dir, 'maps')]);
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

/** The shared series a tensor can be fitted to (indexed here, once, before any timing), with their Series Instance UIDs. */
async function diffusionSeries(): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const id of sharedSeriesIds()) {
    const { index } = await indexFolder(join(sharedSeriesDir(id), 'dicom'));
    const fittable = fittableSeries(index);
    if (fittable.length === 1) ids.set(id, fittable[0].seriesInstanceUID);
  }
  return ids;
}

/**
 * Copies each series' folder into `tree`/<id>/dicom. The GE transfer-syntax variants are one
 * acquisition saved seven ways, with one Series Instance UID: in one tree they would be indexed as
 * one series (as they should: a series split over folders is one series). Each later copy of a UID
 * gets a new one (dcmodify, in place in the copy), so the batch fits as many series as the
 * reference converts. Returns the ids left out (no dcmodify to make them distinct).
 */
function buildTrialTree(tree: string, ids: string[], uids: Map<string, string>): string[] {
  const seen = new Set<string>();
  const dropped: string[] = [];
  const haveDcmodify = !spawnSync('dcmodify', ['--version']).error;
  for (const [n, id] of ids.entries()) {
    const uid = uids.get(id)!;
    if (seen.has(uid) && !haveDcmodify) {
      dropped.push(id);
      continue;
    }
    const dir = join(tree, id, 'dicom');
    mkdirSync(join(tree, id), { recursive: true });
    cpSync(join(sharedSeriesDir(id), 'dicom'), dir, { recursive: true });
    if (seen.has(uid)) {
      const files = readdirSync(dir).map((f) => join(dir, f));
      for (const f of files) chmodSync(f, 0o644); // the shared copies are read-only
      const r = spawnSync('dcmodify', ['-nb', '-m', `(0020,000e)=${uid}.9${n}`, ...files], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`dcmodify failed on ${id}: ${r.stderr}`);
    }
    seen.add(uid);
  }
  return dropped;
}

/** The batch's phase line (fitAll.ts prints it on stderr), as numbers by name. */
function batchPhases(stderr: string): Phases {
  const line = stderr.split('\n').find((l) => l.startsWith('timings: ')) ?? '';
  return Object.fromEntries([...line.matchAll(/([a-z]+) ([0-9.]+)/g)].map(([, name, value]) => [name, Number(value)]));
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
  const uids = await diffusionSeries();
  const ids = [...uids.keys()];
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
    const dropped = buildTrialTree(tree, compared, uids);
    const inTree = compared.filter((id) => !dropped.includes(id));
    if (dropped.length) console.log(`batch: left out ${dropped.join(', ')} (a Series Instance UID already in the tree, and no dcmodify to change it)`);
    const runs: (Timing & { phases: Phases; fitted: number })[] = [];
    for (let r = 0; r < repeats; r++) {
      const out = join(dir, `out-${r}`);
      const t = timed('node', [CLI, 'fit', tree, '--all', '--workers', THREADS, '--out', out]);
      const rows = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { status: string }[];
      const failed = rows.filter((row) => row.status !== 'fitted');
      if (failed.length) console.log(`batch run ${r + 1}: ${failed.length} series failed`);
      runs.push({ ...t, phases: batchPhases(t.stderr), fitted: rows.length - failed.length });
    }
    const batch = median(runs.map((t) => t.wall));
    const refTotal = inTree.reduce((a, id) => a + refTotals[compared.indexOf(id)], 0);
    const ratio = batch / refTotal;
    console.log(
      `batch fit --all over ${inTree.length} series (${median(runs.map((t) => t.fitted))} fitted): ${f2(batch)} s (CPU ${f2(median(runs.map((t) => t.cpu)))} s) vs the reference's total ${f2(refTotal)} s: ${f2(ratio)}× (goal ≤ ${GOAL_BATCH}×: ${ratio <= GOAL_BATCH ? 'met' : 'NOT met'})`,
    );
    const p = (name: string): string => f2(median(runs.map((t) => t.phases[name] ?? NaN)));
    const accounted = median(runs.map((t) => ['start', 'index', 'series', 'summary'].reduce((a, k) => a + (t.phases[k] ?? 0), 0)));
    console.log(
      `${''.padEnd(40)} where the time goes: start ${p('start')} · index ${p('index')} · series ${p('series')} (pipelined; summed over series: assemble ${p('assemble')} · fit ${p('fit')} · write ${p('write')}) · exit ${f2(batch - accounted)} s`,
    );
  });
  console.log(`load average ${loadavg().map(f2).join(' ')} at the end`);
}

await main();
