/**
 * Synthetic diffusion data for the DTI tests: a realistic scheme, seeded random tensors and the
 * noise-free Stejskal–Tanner signal S = S0·exp(−b·gᵀDg) they give. Diffusivities in mm²/s, b in s/mm².
 */
import { mulberry32 } from '../../fixtures/prng';

export type V3 = [number, number, number];

/** Deterministic PRNG (the fixtures' mulberry32) so failures reproduce. */
export const rng = mulberry32;

/** Standard normal deviate (Box–Muller). */
export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** 2 b0 + `n` directions at b (Fibonacci points on a hemisphere: well spread, deterministic). */
export function scheme(n = 30, b = 1000, b0s = 2): { bValues: number[]; gradients: V3[] } {
  const bValues: number[] = [];
  const gradients: V3[] = [];
  for (let i = 0; i < b0s; i++) {
    bValues.push(0);
    gradients.push([0, 0, 0]);
  }
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < n; i++) {
    const z = 1 - (i + 0.5) / n; // (0, 1]: upper hemisphere
    const r = Math.sqrt(1 - z * z);
    bValues.push(b);
    gradients.push([r * Math.cos(golden * i), r * Math.sin(golden * i), z]);
  }
  return { bValues, gradients };
}

/** Uniform random rotation (columns = the tensor's eigenvectors) from a random unit quaternion. */
export function randomRotation(rand: () => number): [V3, V3, V3] {
  const q = [gaussian(rand), gaussian(rand), gaussian(rand), gaussian(rand)];
  const n = Math.hypot(...q);
  const [w, x, y, z] = q.map((c) => c / n);
  const r = [
    [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
    [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
    [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
  ];
  const col = (c: number): V3 => [r[0][c], r[1][c], r[2][c]];
  return [col(0), col(1), col(2)];
}

/** D = Σ λₙ eₙeₙᵀ as a 3×3 array. */
export function tensorFrom(evals: V3, evecs: [V3, V3, V3]): number[][] {
  const d = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let n = 0; n < 3; n++) {
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) d[r][c] += evals[n] * evecs[n][r] * evecs[n][c];
  }
  return d;
}

/** Noise-free signal of tensor D for one measurement. */
export function signal(s0: number, b: number, g: V3, d: number[][]): number {
  let q = 0;
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) q += g[r] * d[r][c] * g[c];
  return s0 * Math.exp(-b * q);
}

/** FA from eigenvalues, written independently of the engine (variance form). */
export function referenceFa([a, b, c]: V3): number {
  const m = (a + b + c) / 3;
  const num = (a - m) ** 2 + (b - m) ** 2 + (c - m) ** 2;
  const den = a * a + b * b + c * c;
  return den === 0 ? 0 : Math.sqrt(1.5 * num / den);
}

/**
 * Packs per-voxel signal lists into volume-major data (voxel v of volume t at t*nvox + v) for a
 * volume of nvox = signals.length voxels laid along i.
 */
export function volumeMajor(perVoxel: number[][]): Float32Array {
  const nvox = perVoxel.length;
  const nt = perVoxel[0].length;
  const data = new Float32Array(nvox * nt);
  for (let v = 0; v < nvox; v++) for (let t = 0; t < nt; t++) data[t * nvox + v] = perVoxel[v][t];
  return data;
}
