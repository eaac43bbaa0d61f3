/**
 * DTI engine benchmark (`npx tsx tests/bench/dti.bench.ts`): prints, asserts nothing.
 * Generated 112×112×70 volume, 2 b0 + 30 directions at b = 1000, an ellipsoidal "brain" of
 * ≈ 180 k voxels with random noisy tensors, on a SharedArrayBuffer as the CLI and the app hand
 * volumes to the pool; every estimator on 1 and 2 worker threads (brain mask included in the time),
 * then OLS and WLS on a plain ArrayBuffer copy. When MRtrix3's dwi2tensor is installed, it runs on the same data and
 * mask with -nthreads 2 and the ratio is printed, with the cost of one reweighting iteration on
 * each side (IWLS − WLS, per voxel and thread), which compares the kernels without start-up and I/O,
 * and dwi2tensor's time on a one-voxel mask (its start-up and I/O); it prints what each side's time holds.
 * Timed runs are the best of REPEATS after a warm-up: on a shared machine the minimum is the
 * figure least disturbed by other jobs (the same rule for MRtrix).
 * Goals: OLS ≥ 3 M voxels/s on 2 workers; each estimator on 2 workers ≥ 4× faster than dwi2tensor
 * -nthreads 2 running the same one (WLS vs `-iter 0`, IWLS vs the default), printed first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitDiffusionDataOnThreads, prestartThreads } from '../../src/cli/nodePool';
import { planFit, type DiffusionData } from '../../src/core/dti/fitPlan';
import { fitSlab } from '../../src/core/dti/fitSlab';
import { fitSlabSimd } from '../../src/core/dti/fitSlabSimd';
import { fitDiffusionData } from '../../src/core/dti/fitVolume';
import type { Estimator } from '../../src/core/dti/types';
import { writeNifti } from '../../src/core/nifti/writeNifti';
import { dtiSimdKernel } from '../../src/wasm/dtiKernel';
import { gaussian, randomRotation, rng, scheme, signal, tensorFrom } from '../unit/dti/synth';

const [nx, ny, nz] = [112, 112, 70];
const { bValues, gradients } = scheme(30, 1000, 2);
const nt = bValues.length;
const nvox = nx * ny * nz;
const REPEATS = 7;

/** Best wall time in seconds of `REPEATS` calls of `run` (after the caller's warm-up). */
async function best(run: () => Promise<unknown> | void): Promise<number> {
  let min = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    await run();
    min = Math.min(min, (performance.now() - t0) / 1000);
  }
  return min;
}

/** The volume on a SharedArrayBuffer, as the CLI and the cross-origin-isolated app assemble it. */
function generate(): DiffusionData {
  const data = new Float32Array(new SharedArrayBuffer(nvox * nt * 4));
  const rand = rng(2024);
  const sig = new Float64Array(nt);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = (k * ny + j) * nx + i;
        const inside = ((i - 56) / 46) ** 2 + ((j - 56) / 52) ** 2 + ((k - 35) / 18) ** 2 <= 1;
        if (inside) {
          const l1 = (1.0 + 0.8 * rand()) * 1e-3;
          const l3 = (0.2 + 0.4 * rand()) * 1e-3;
          const d = tensorFrom([l1, (l1 + l3) / 2, l3], randomRotation(rand));
          for (let t = 0; t < nt; t++) sig[t] = signal(1000, bValues[t], gradients[t], d);
        } else sig.fill(0);
        for (let t = 0; t < nt; t++) data[t * nvox + v] = Math.hypot(sig[t] + 20 * gaussian(rand), 20 * gaussian(rand));
      }
    }
  }
  const affine = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
  return { dims: [nx, ny, nz, nt], spacing: [2, 2, 2], affine, data, bValues, gradients };
}

/** Peak RSS (MiB) sampled while `run` is pending; worker threads share the process RSS. */
async function withPeakRss<T>(run: () => Promise<T>): Promise<[T, number]> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const r = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return [r, peak / 2 ** 20];
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  console.log(`generating ${nx}×${ny}×${nz}, ${nt} volumes …`);
  const input = generate();
  const single = fitDiffusionData(input, { estimator: 'ols' });
  const brain = single.counts.fitted;
  const mask = single.mask;
  console.log(`brain mask: ${brain} voxels fitted (${mask.reduce((a, b) => a + b, 0)} in mask)`);
  // Kernel alone on this thread, CPU time: robust to other load on the machine.
  const plan = planFit(input, { estimator: 'ols' });
  // JavaScript and WebAssembly SIMD kernels alternated, best of REPEATS CPU times each.
  const simd = dtiSimdKernel();
  for (const estimator of ['ols', 'wls', 'iwls'] as Estimator[]) {
    for (const residual of estimator === 'ols' ? [true, false] : [true]) {
      const slab = { scheme: plan.scheme, estimator, signals: input.data, volumeStride: nvox, base: 0, start: 0, count: nvox, mask: plan.mask, minSignal: plan.minSignal, residual };
      const kernels: [string, () => unknown][] = [['JS', () => fitSlab(slab)]];
      if (simd) kernels.push(['SIMD', () => fitSlabSimd(simd, slab)]);
      const cpu = kernels.map(() => Infinity);
      kernels.forEach(([, run]) => run());
      for (let r = 0; r < REPEATS; r++) {
        kernels.forEach(([, run], i) => {
          const c0 = process.cpuUsage();
          run();
          cpu[i] = Math.min(cpu[i], process.cpuUsage(c0).user / 1e6);
        });
      }
      const line = kernels.map(([name], i) => `${name} ${((cpu[i] / brain) * 1e9).toFixed(0)} ns/voxel (${(brain / cpu[i] / 1e6).toFixed(2)} M/s)`).join(', ');
      console.log(`kernel only, 1 thread, CPU, ${estimator}${residual ? '' : ' without residual'}: ${line}`);
    }
  }
  // Threads started and warmed as the CLI and the app start theirs (before the volume is read).
  prestartThreads(2, 'wls');
  const seconds: Record<string, number> = {};
  console.log('estimator workers   seconds   voxels/s   peak RSS MiB');
  for (const estimator of ['ols', 'wls', 'iwls'] as Estimator[]) {
    for (const workers of [1, 2]) {
      await fitDiffusionDataOnThreads(input, { estimator }, workers); // warm-up: bundling, JIT
      const [s, peak] = await withPeakRss(() => best(() => fitDiffusionDataOnThreads(input, { estimator }, workers)));
      seconds[`${estimator}${workers}`] = s;
      console.log(`${estimator.padEnd(9)} ${String(workers).padStart(7)} ${s.toFixed(3).padStart(9)} ${(brain / s / 1e6).toFixed(2).padStart(8)} M ${peak.toFixed(0).padStart(12)}`);
    }
  }
  console.log(`goal OLS 2 workers ≥ 3 M voxels/s: ${(brain / seconds.ols2 / 1e6).toFixed(2)} M`);
  // A plain ArrayBuffer volume (a browser page that is not cross-origin isolated): the pool copies
  // each slab's masked signals out and the results back on its own thread.
  const plainInput = { ...input, data: new Float32Array(input.data) };
  for (const estimator of ['ols', 'wls'] as Estimator[]) {
    await fitDiffusionDataOnThreads(plainInput, { estimator }, 2);
    const s = await best(() => fitDiffusionDataOnThreads(plainInput, { estimator }, 2));
    console.log(`${estimator} 2 workers, plain ArrayBuffer volume (packed copies): ${s.toFixed(3)} s, ${(brain / s / 1e6).toFixed(2)} M voxels/s`);
  }
  // The fit alone, the brain mask given (as when the user supplies one): how much of the goal figure
  // the automatic mask takes. For reference, not the goal figure.
  for (const estimator of ['ols', 'wls'] as Estimator[]) {
    await fitDiffusionDataOnThreads(input, { estimator, mask }, 2);
    const s = await best(() => fitDiffusionDataOnThreads(input, { estimator, mask }, 2));
    console.log(`${estimator} 2 workers, brain mask given (fit only): ${s.toFixed(3)} s, ${(brain / s / 1e6).toFixed(2)} M voxels/s`);
  }
  // The maps the CLI writes (no residual map): for reference, not the goal figure.
  for (const estimator of ['ols', 'wls'] as Estimator[]) {
    await fitDiffusionDataOnThreads(input, { estimator, residual: false }, 2);
    const s = await best(() => fitDiffusionDataOnThreads(input, { estimator, residual: false }, 2));
    console.log(`${estimator} 2 workers, without the residual map (CLI maps): ${s.toFixed(3)} s, ${(brain / s / 1e6).toFixed(2)} M voxels/s`);
  }

  if (spawnSync('dwi2tensor', ['-version']).status !== 0) {
    console.log('dwi2tensor not installed (apt-get install -y mrtrix3): no MRtrix3 comparison');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'dti-bench-'));
  try {
    // Identity affine: image axes = scanner RAS, so the gradient table needs no rotation.
    const affineRas = input.affine;
    writeFileSync(join(dir, 'dwi.nii'), writeNifti({ dims: [nx, ny, nz, nt], affineRas, datatype: 'float32', data: input.data }, false));
    writeFileSync(join(dir, 'mask.nii'), writeNifti({ dims: [nx, ny, nz], affineRas, datatype: 'uint8', data: mask }, false));
    writeFileSync(join(dir, 'grad.b'), bValues.map((b, t) => `${gradients[t].join(' ')} ${b}`).join('\n') + '\n');
    // One brain voxel: dwi2tensor's start-up, header parsing and image I/O with (almost) no fit.
    const oneVoxel = new Uint8Array(mask.length);
    oneVoxel[mask.indexOf(1)] = 1;
    writeFileSync(join(dir, 'one.nii'), writeNifti({ dims: [nx, ny, nz], affineRas, datatype: 'uint8', data: oneVoxel }, false));
    const mrtrix = (extra: string[], maskFile = 'mask.nii'): Promise<number> => {
      const args = ['-quiet', '-force', '-nthreads', '2', '-grad', join(dir, 'grad.b'), '-mask', join(dir, maskFile), ...extra, join(dir, 'dwi.nii'), join(dir, 'dt.nii')];
      execFileSync('dwi2tensor', args); // warm the page cache
      return best(() => void execFileSync('dwi2tensor', args));
    };
    const mrDefault = await mrtrix([]);
    const mrWls = await mrtrix(['-iter', '0']);
    const mrFixed = await mrtrix(['-iter', '0'], 'one.nii');
    console.log(`dwi2tensor -nthreads 2 (default WLS + 2 IWLS iterations): ${mrDefault.toFixed(3)} s`);
    console.log(`dwi2tensor -nthreads 2 -iter 0 (WLS only):                 ${mrWls.toFixed(3)} s`);
    console.log(`dwi2tensor -iter 0 with a one-voxel mask (its start-up and I/O, no fit): ${mrFixed.toFixed(3)} s`);
    // What each side's time holds, so the ratio can be read fairly (the goal compares the totals).
    console.log('same voxels on both sides: the brain mask made by our automatic mask, given to dwi2tensor as -mask');
    console.log(`dwi2tensor: process start, reading dwi.nii (${((nvox * nt * 4) / 2 ** 20).toFixed(0)} MiB float32, page-cached) and the mask, the fit, writing the 6-component tensor (${((nvox * 6 * 4) / 2 ** 20).toFixed(0)} MiB); no eigen-decomposition, no maps`);
    console.log('ours: the volume already in memory (no file I/O; threads started and warm), the automatic brain mask, the fit, the RMS residual map, the eigen-decomposition and every map (FA, MD, AD, RD, λ1–3, S0, V1, colour FA) assembled for the whole volume');
    // Same estimator on both sides first (MRtrix's -iter 0 is WLS; its default is WLS + 2 reweightings, as our IWLS).
    const wlsRatio = mrWls / seconds.wls2;
    const iwlsRatio = mrDefault / seconds.iwls2;
    console.log(`same estimator, WLS:  dwi2tensor -iter 0 / our WLS 2 workers:  ${wlsRatio.toFixed(2)}× (goal ≥ 4×: ${wlsRatio >= 4 ? 'met' : 'not met'})`);
    console.log(`same estimator, IWLS: dwi2tensor default / our IWLS 2 workers: ${iwlsRatio.toFixed(2)}× (goal ≥ 4×: ${iwlsRatio >= 4 ? 'met' : 'not met'})`);
    console.log(`across estimators: dwi2tensor default / our WLS 2 workers: ${(mrDefault / seconds.wls2).toFixed(2)}×`);
    // One reweighting iteration (weights, 7×7 weighted normal equations, solve) per voxel and
    // thread: default − (-iter 0) is two of them for MRtrix, IWLS − WLS two for us.
    const [threads, iterations] = [2, 2];
    const perIteration = (seconds: number): string => `${((seconds * threads) / iterations / brain * 1e9).toFixed(0)} ns`;
    console.log(`one reweighting iteration per voxel per thread: dwi2tensor ${perIteration(mrDefault - mrWls)}, ours ${perIteration(seconds.iwls2 - seconds.wls2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
