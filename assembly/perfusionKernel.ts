// WebAssembly SIMD kernel of the oSVD deconvolution (AssemblyScript, built by scripts/build-wasm.mjs;
// driven by src/core/perfusion/deconvolveOsvdSimd.ts, which documents the contract). The same steps
// as src/core/perfusion/deconvolveOsvd.ts, two grid samples per f64x2 instruction.
// Layout (byte offsets set by configure, 16-byte aligned): uT and vT f64 [L·L] component-major,
// s f64 [L], p f64 [L] scratch, tissue f64 [n rounded up to even, the padding 0], out f64 [L]. L is even.

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

/** Oscillation index of `out` (Wu 2003): mean |second difference| over the maximum; Infinity when max ≤ 0. */
function oscillationIndex(): f64 {
  let maxV = v128.load(out);
  for (let j = 2; j < L; j += 2) maxV = f64x2.max(maxV, v128.load(out + (<usize>j << 3)));
  const max = Math.max(f64x2.extract_lane(maxV, 0), f64x2.extract_lane(maxV, 1));
  if (!(max > 0)) return Infinity;
  const two = f64x2.splat(2);
  let sum = f64x2.splat(0);
  for (let i = 2; i < L; i += 2) {
    const a = out + (<usize>i << 3);
    const d = f64x2.add(f64x2.sub(v128.load(a), f64x2.mul(two, v128.load(a - 8))), v128.load(a - 16));
    sum = f64x2.add(sum, f64x2.abs(d));
  }
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
    let acc = zero;
    for (let i = 0; i < n; i += 2) acc = f64x2.add(acc, f64x2.mul(v128.load(uT + ((row + i) << 3)), v128.load(tissue + (<usize>i << 3))));
    const sk = load<f64>(sv + (<usize>k << 3));
    const c = (f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1)) / sk;
    store<f64>(p + (<usize>k << 3), c);
    const cv = f64x2.splat(c);
    for (let j = 0; j < L; j += 2) {
      const a = out + (<usize>j << 3);
      v128.store(a, f64x2.add(v128.load(a), f64x2.mul(v128.load(vT + ((row + j) << 3)), cv)));
    }
    if (k + 1 < L && sk - load<f64>(sv + (<usize>(k + 1) << 3)) <= sameValue * s0) continue;
    if (oscillationIndex() > maxOscillation) {
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
