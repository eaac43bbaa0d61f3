// WebAssembly SIMD kernel of the oSVD deconvolution (AssemblyScript, built by scripts/build-wasm.mjs;
// driven by src/core/perfusion/deconvolveOsvdSimd.ts, which documents the contract). The same steps
// as src/core/perfusion/deconvolveOsvd.ts, two grid samples per f64x2 instruction.
// Layout (byte offsets set by configure, 16-byte aligned): uT and vT f64 [L·L] component-major,
// s f64 [L], p f64 [L] scratch, tissue f64 [n rounded up to a multiple of 4, the padding 0], out f64 [L]. L is even.

let L: i32 = 0;
let n: i32 = 0;
let usable: i32 = 0;
let uT: usize = 0;
let vT: usize = 0;
let sv: usize = 0;
let p: usize = 0;
let tissue: usize = 0;
let out: usize = 0;
let maxOscillation: f64 = 0;
let sameValue: f64 = 0;

export function configure(l: i32, nn: i32, use: i32, uPtr: usize, vPtr: usize, sPtr: usize, pPtr: usize, tissuePtr: usize, outPtr: usize, oscillation: f64, same: f64): void {
  L = l; n = nn; usable = use; uT = uPtr; vT = vPtr; sv = sPtr; p = pPtr; tissue = tissuePtr; out = outPtr;
  maxOscillation = oscillation; sameValue = same;
}

export function heapBase(): usize { return __heap_base; }

/**
 * Oscillation index of `out` (Wu 2003): mean |second difference| over the maximum `max` (taken by the
 * update pass that wrote `out`); Infinity when max ≤ 0. The middle samples (f[i−1], f[i]) of each pair are
 * shuffled from the two pairs already in registers, not loaded unaligned; two accumulators halve the
 * dependent-add chain (the sum's order differs from the JavaScript's: equal to rounding).
 */
function oscillationIndex(max: f64): f64 {
  if (!(max > 0)) return Infinity;
  const two = f64x2.splat(2);
  let sum0 = f64x2.splat(0);
  let sum1 = f64x2.splat(0);
  let prev = v128.load(out);
  let i = 2;
  for (; i + 2 < L; i += 4) {
    const a = out + (<usize>i << 3);
    const cur = v128.load(a);
    const next = v128.load(a, 16);
    const mid0 = v128.shuffle<f64>(prev, cur, 1, 2);
    const mid1 = v128.shuffle<f64>(cur, next, 1, 2);
    sum0 = f64x2.add(sum0, f64x2.abs(f64x2.add(f64x2.sub(cur, f64x2.mul(two, mid0)), prev)));
    sum1 = f64x2.add(sum1, f64x2.abs(f64x2.add(f64x2.sub(next, f64x2.mul(two, mid1)), cur)));
    prev = next;
  }
  if (i < L) {
    const cur = v128.load(out + (<usize>i << 3));
    const mid = v128.shuffle<f64>(prev, cur, 1, 2);
    sum0 = f64x2.add(sum0, f64x2.abs(f64x2.add(f64x2.sub(cur, f64x2.mul(two, mid)), prev)));
  }
  const sum = f64x2.add(sum0, sum1);
  return (f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1)) / (<f64>L * max);
}

/** Deconvolves `tissue` into `out`; returns the components kept (see deconvolveOsvd). */
export function deconvolve(): i32 {
  const zero = f64x2.splat(0);
  for (let j = 0; j < L; j += 2) v128.store(out + (<usize>j << 3), zero);
  const s0 = load<f64>(sv);
  let kept: i32 = 0;
  let k: i32 = 0;
  for (; k < usable; k++) {
    const row = <usize>k * <usize>L;
    // Two accumulators over four samples a step (tissue is zero-padded to a multiple of 4, and a
    // row of uT has L = 2n ≥ n + 2 entries): the dependent adds, not the loads, bound this loop.
    let acc0 = zero;
    let acc1 = zero;
    for (let i = 0; i < n; i += 4) {
      const u = uT + ((row + i) << 3);
      const t = tissue + (<usize>i << 3);
      acc0 = f64x2.add(acc0, f64x2.mul(v128.load(u), v128.load(t)));
      acc1 = f64x2.add(acc1, f64x2.mul(v128.load(u, 16), v128.load(t, 16)));
    }
    const acc = f64x2.add(acc0, acc1);
    const sk = load<f64>(sv + (<usize>k << 3));
    const c = (f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1)) / sk;
    store<f64>(p + (<usize>k << 3), c);
    const cv = f64x2.splat(c);
    // The residue's update also takes its maximum (for the oscillation index) from the registers.
    let maxV = f64x2.splat(-Infinity);
    for (let j = 0; j < L; j += 2) {
      const a = out + (<usize>j << 3);
      const x = f64x2.add(v128.load(a), f64x2.mul(v128.load(vT + ((row + j) << 3)), cv));
      v128.store(a, x);
      maxV = f64x2.pmax(maxV, x); // pmax: one maxpd (max's NaN rules cost several)
    }
    if (k + 1 < L && sk - load<f64>(sv + (<usize>(k + 1) << 3)) <= sameValue * s0) continue;
    if (oscillationIndex(Math.max(f64x2.extract_lane(maxV, 0), f64x2.extract_lane(maxV, 1))) > maxOscillation) {
      if (kept > 0) break;
      continue;
    }
    kept = k + 1;
  }
  if (kept == 0) {
    for (let j = 0; j < L; j += 2) v128.store(out + (<usize>j << 3), zero);
    return 0;
  }
  const last = k < usable ? k : usable - 1;
  for (let q = kept; q <= last; q++) {
    const row = <usize>q * <usize>L;
    const cv = f64x2.splat(load<f64>(p + (<usize>q << 3)));
    for (let j = 0; j < L; j += 2) {
      const a = out + (<usize>j << 3);
      v128.store(a, f64x2.sub(v128.load(a), f64x2.mul(v128.load(vT + ((row + j) << 3)), cv)));
    }
  }
  return kept;
}
