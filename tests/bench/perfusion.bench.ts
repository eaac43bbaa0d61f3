/**
 * Perfusion engine benchmark (`npx tsx tests/bench/perfusion.bench.ts [nx ny nz]`): prints, asserts nothing.
 * A generated CT perfusion volume (default 128×128×4, 45 frames: 1.5 s to 45 s, then every 5 s to
 * 120 s), tissue curves of four kinds with 1 HU noise and one artery; the maps of every tissue voxel
 * on one thread (src/core/perfusion/perfusionMaps, AIF given), then the NumPy reference of the same
 * method (tests/bench/perfusionReference.py) on the same data and mask, when python3 with NumPy is
 * installed. Figures are voxels/s and mean CBF/PS over the mask (the two should agree).
 * The size is 512×512×16×40 on 2 workers; the engine has no worker pool yet.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OSCILLATION_INDEX } from '../../src/core/perfusion/constants';
import { perfusionMaps } from '../../src/core/perfusion/perfusionMaps';
import { perfusionModel } from '../../src/core/perfusion/perfusionModel';
import { arterialEnhancement, tissueEnhancement, twoPhaseTimes } from '../fixtures/perfusionCurves';
import { gaussianPair, mulberry32 } from '../fixtures/prng';

const [nx, ny, nz] = process.argv.slice(2, 5).map(Number).map((v, i) => v || [128, 128, 4][i]);
const times = twoPhaseTimes(1.5, 45, 5, 120);
const nt = times.length;
const voxels = nx * ny * nz;
const constants = { hematocritFactor: 1, density: 1, oscillationIndex: DEFAULT_OSCILLATION_INDEX };

const kinds = [
  { cbf: 60, mtt: 4, delay: 0, ps: 0.5 },
  { cbf: 25, mtt: 5.5, delay: 1, ps: 0.3 },
  { cbf: 12, mtt: 7, delay: 3, ps: 6 },
  { cbf: 35, mtt: 6, delay: 5, ps: 0.3 },
].map((k) => tissueEnhancement(times, (t) => arterialEnhancement(t), { cbf: k.cbf / 6000, mtt: k.mtt, delay: k.delay, ps: k.ps / 6000 }));
const data = new Float32Array(voxels * nt);
const rand = mulberry32(16);
for (let v = 0; v < voxels; v++) {
  const curve = kinds[v % kinds.length];
  for (let t = 0; t < nt; t++) data[t * voxels + v] = 35 + curve[t] + gaussianPair(rand)[0];
}
const aifVoxel = 0;
for (let t = 0; t < nt; t++) data[t * voxels + aifVoxel] = 40 + arterialEnhancement(times[t]);

const tModel = performance.now();
const model = perfusionModel(times, times.map((t) => 40 + arterialEnhancement(t)), null, constants);
const modelSeconds = (performance.now() - tModel) / 1000;
const t0 = performance.now();
const result = perfusionMaps({ data, dims: [nx, ny, nz, nt], slabs: [{ firstSlice: 0, endSlice: nz, times }], constants, aifVoxel, vofVoxel: -1 });
const seconds = (performance.now() - t0) / 1000;
const mean = (map: Float32Array) => map.reduce((s, v, i) => s + (result.mask[i] ? v : 0), 0) / result.tissueVoxels;
console.log(`${nx}×${ny}×${nz}×${nt}: ${result.tissueVoxels} tissue voxels`);
console.log(`per-slab model alone (ml-matrix SVD of the ${model.svd.L}² circulant matrix): ${modelSeconds.toFixed(2)} s`);
console.log(`engine, 1 thread: ${seconds.toFixed(2)} s, ${(result.tissueVoxels / seconds / 1000).toFixed(1)} k voxels/s; mean CBF ${mean(result.maps.cbf).toFixed(2)}, PS ${mean(result.maps.ps).toFixed(2)}, CBV ${mean(result.maps.cbv).toFixed(2)}`);

const dir = mkdtempSync(join(tmpdir(), 'perfusion-bench-'));
try {
  writeFileSync(join(dir, 'data.f32'), new Uint8Array(data.buffer));
  writeFileSync(join(dir, 'mask.u8'), result.mask);
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ frames: nt, voxels, times, aifVoxel, oscillationIndex: constants.oscillationIndex }));
  const py = spawnSync('/usr/bin/python3', [join(import.meta.dirname, 'perfusionReference.py'), dir], { encoding: 'utf8' });
  if (py.status !== 0) console.log(`NumPy reference not run: ${py.error?.message ?? py.stderr.trim().split('\n').pop()}`);
  else {
    const ref = JSON.parse(py.stdout) as { seconds: number; voxels: number; meanCbf: number; meanPs: number; meanCbv: number };
    console.log(`NumPy reference: ${ref.seconds.toFixed(2)} s, ${(ref.voxels / ref.seconds / 1000).toFixed(1)} k voxels/s; mean CBF ${ref.meanCbf.toFixed(2)}, PS ${ref.meanPs.toFixed(2)}, CBV ${ref.meanCbv.toFixed(2)}`);
    console.log(`engine / reference throughput: ${(ref.seconds / seconds).toFixed(2)}×`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
