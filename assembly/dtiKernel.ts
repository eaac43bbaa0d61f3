// WebAssembly SIMD kernel of the log-linear tensor fit (AssemblyScript, built by
// scripts/build-wasm.mjs; driven by src/core/dti/fitSlabSimd.ts, which documents the contract).
// Per chunk of up to `chunk` masked voxels (copied in by the driver, measurement-major), in blocks of
// NB: floored logs of the signals, OLS through the pseudo-inverse, `reweightings` weighted refits
// (weights = predicted signal², the 28-entry normal equations from 22 weighted sums, LDLᵀ solve),
// two voxels per f64x2 instruction; then the RMS signal residual four voxels per f32x4 instruction, and the eigen-
// decomposition with S0 two voxels per instruction (eigenPass). Units as the JS
// kernel: tensor in µm²/ms (b·1e-3), x6 = ln S0, logs relative to the voxel's first (see fitSlab).
// Layout (byte offsets set by configure): per-measurement tables are row-major m×7 / m×15 f64 (the
// design's distinct products, see fitSlabSimd's QUAD_ENTRIES) and m×6 f32 (the design's tensor columns, for the residual); chunk data is measurement-major: value of
// measurement i for chunk voxel c at [i·chunk + c], results row-major [p·chunk + c]. A chunk's voxel
// count is padded by the driver to a multiple of 4: the padding lanes compute garbage never read.

const NB: i32 = 64;

let m: i32 = 0;
let reweightings: i32 = 0;
let residual: bool = false;
let chunk: i32 = 0;
let pinvT: usize = 0;
let design: usize = 0;
let designF32: usize = 0;
let products: usize = 0;
let sig: usize = 0; // f32 [m·chunk]
let logs: usize = 0; // f64 [m·NB]
let wts: usize = 0; // f64x2 scratch [m] (weight, weighted log) pairs, 28 normal, 7 rhs
let out: usize = 0; // f64 [9·chunk]: x0..x6 (x6 = ln S0), residual, ok (1 = every pivot > 0)
// Maps of the chunk, ready to copy into the slab's: f32 rows [j·chunk + c] for fa, md, ad, rd, λ₁, λ₂,
// λ₃, S0, residual (mm²/s; zero where not fitted), then V1 f32 [9·chunk + 3c + axis], then colour FA
// u8 [3c + channel] at byte 12·chunk·4, then a status byte per voxel at byte 12·chunk·4 + 3·chunk:
// 0 fitted, 4 fitted with λ₃ ≤ 0 (clamped), 1 failed, 2 degenerate (left to the JavaScript eigen).
let maps: usize = 0;
let bScaleV: v128 = f64x2.splat(0);
let floorV: v128 = f64x2.splat(0);
let logFloorV: v128 = f64x2.splat(0);

export function configure(mm: i32, rw: i32, resid: i32, chunkVoxels: i32, pinvPtr: usize, designPtr: usize, designF32Ptr: usize, productsPtr: usize, sigPtr: usize, logPtr: usize, wPtr: usize, outPtr: usize, mapsPtr: usize, floor: f64, logFloor: f64, bScale: f64): void {
  m = mm; reweightings = rw; residual = resid != 0; chunk = chunkVoxels;
  pinvT = pinvPtr; design = designPtr; designF32 = designF32Ptr; products = productsPtr; sig = sigPtr; logs = logPtr; wts = wPtr; out = outPtr; maps = mapsPtr;
  floorV = f64x2.splat(floor); logFloorV = f64x2.splat(logFloor); bScaleV = f64x2.splat(bScale);
}

export function heapBase(): usize { return __heap_base; }

/**
 * Gathers the chunk's signals from a staging copy: `stage` holds, per measurement i, a contiguous
 * span of the volume at stage + i·stride (f32); `pieces` holds np/2 [offset in span, length] pairs,
 * the chunk's voxels in order. Copies them to `sig` ([i·chunk + c]) and pads up to n4 with 1.0 (a
 * plain signal: padding lanes compute quickly and are never read). The driver copies whole spans
 * (sequential reads the hardware prefetches) rather than each mask row of each volume.
 */
export function gather(stage: usize, stride: i32, pieces: usize, np: i32, n4: i32): void {
  const mm = m;
  for (let i = 0; i < mm; i++) {
    let at = sig + <usize>(i * chunk) * 4;
    const src = stage + <usize>(i * stride) * 4;
    for (let p = 0; p < np; p += 2) {
      const off = load<i32>(pieces + <usize>p * 4);
      const len = load<i32>(pieces + <usize>p * 4 + 4);
      memory.copy(at, src + <usize>off * 4, <usize>len * 4);
      at += <usize>len * 4;
    }
    const end = sig + <usize>(i * chunk + n4) * 4;
    for (; at < end; at += 4) store<f32>(at, 1.0);
  }
}

// Constants of the hot loops as v128 at fixed addresses in linear memory (memory.data), loaded where
// used: V8 builds a v128.const from immediates with three instructions each time one appears, a load
// from an immediate address is one. (A table filled at start-up kept each address in a global, which
// V8 read again before every use.)
const ONE = memory.data<f64>([1.0, 1.0], 16);
const HALF = memory.data<f64>([0.5, 0.5], 16);
const LN2_HI = memory.data<f64>([0.6931471803691238, 0.6931471803691238], 16);
const LN2_LO = memory.data<f64>([1.9082149292705877e-10, 1.9082149292705877e-10], 16);
const LN2 = memory.data<f64>([0.6931471805599453, 0.6931471805599453], 16);
// logV
const MANTISSA = memory.data<i64>([0x000FFFFFFFFFFFFF, 0x000FFFFFFFFFFFFF], 16);
const EXP_ZERO = memory.data<i64>([0x3FF0000000000000, 0x3FF0000000000000], 16);
const SQRT2 = memory.data<f64>([1.4142135623730951, 1.4142135623730951], 16);
const E_BITS = memory.data<i64>([0x4330000000000000, 0x4330000000000000], 16);
const E_BIAS = memory.data<f64>([4503599627370496.0 + 1023.0, 4503599627370496.0 + 1023.0], 16);
const TWO = memory.data<f64>([2.0, 2.0], 16);
const FOUR = memory.data<f64>([4.0, 4.0], 16);
const L13 = memory.data<f64>([1.0 / 13.0, 1.0 / 13.0], 16);
const L11 = memory.data<f64>([1.0 / 11.0, 1.0 / 11.0], 16);
const L9 = memory.data<f64>([1.0 / 9.0, 1.0 / 9.0], 16);
const L7 = memory.data<f64>([1.0 / 7.0, 1.0 / 7.0], 16);
const L5 = memory.data<f64>([1.0 / 5.0, 1.0 / 5.0], 16);
const L3 = memory.data<f64>([1.0 / 3.0, 1.0 / 3.0], 16);
// expV
const X_MAX = memory.data<f64>([709.0, 709.0], 16);
const X_MIN = memory.data<f64>([-708.0, -708.0], 16);
const X_INF = memory.data<f64>([709.782712893384, 709.782712893384], 16);
const INF = memory.data<f64>([Infinity, Infinity], 16);
const LOG2E = memory.data<f64>([1.4426950408889634, 1.4426950408889634], 16);
const SHIFTER = memory.data<f64>([6755399441055744.0, 6755399441055744.0], 16); // 1.5·2⁵²
const SHIFTER_BIAS = memory.data<i64>([0x4338000000000000 - 1023, 0x4338000000000000 - 1023], 16);
const E12 = memory.data<f64>([1.0 / 479001600.0, 1.0 / 479001600.0], 16);
const E11 = memory.data<f64>([1.0 / 39916800.0, 1.0 / 39916800.0], 16);
const E10 = memory.data<f64>([1.0 / 3628800.0, 1.0 / 3628800.0], 16);
const E9 = memory.data<f64>([1.0 / 362880.0, 1.0 / 362880.0], 16);
const E8 = memory.data<f64>([1.0 / 40320.0, 1.0 / 40320.0], 16);
const E7 = memory.data<f64>([1.0 / 5040.0, 1.0 / 5040.0], 16);
const E6 = memory.data<f64>([1.0 / 720.0, 1.0 / 720.0], 16);
const E5 = memory.data<f64>([1.0 / 120.0, 1.0 / 120.0], 16);
const E4 = memory.data<f64>([1.0 / 24.0, 1.0 / 24.0], 16);
const E3 = memory.data<f64>([1.0 / 6.0, 1.0 / 6.0], 16);
// expF (Cephes expf)
const F_MAX = memory.data<f32>([88.0, 88.0, 88.0, 88.0], 16);
const F_MIN = memory.data<f32>([-87.0, -87.0, -87.0, -87.0], 16);
const F_LOG2E = memory.data<f32>([1.4426950408889634, 1.4426950408889634, 1.4426950408889634, 1.4426950408889634], 16);
const F_SHIFTER = memory.data<f32>([12582912.0, 12582912.0, 12582912.0, 12582912.0], 16); // 1.5·2²³
const F_SHIFTER_BIAS = memory.data<i32>([0x4B400000 - 127, 0x4B400000 - 127, 0x4B400000 - 127, 0x4B400000 - 127], 16);
const F_LN2_HI = memory.data<f32>([0.693359375, 0.693359375, 0.693359375, 0.693359375], 16);
const F_LN2_LO = memory.data<f32>([-2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4], 16);
const F_P0 = memory.data<f32>([1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4], 16);
const F_P1 = memory.data<f32>([1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3], 16);
const F_P2 = memory.data<f32>([8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3], 16);
const F_P3 = memory.data<f32>([4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2], 16);
const F_P4 = memory.data<f32>([1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1], 16);
const F_P5 = memory.data<f32>([5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1], 16);
const F_ONE = memory.data<f32>([1.0, 1.0, 1.0, 1.0], 16);
// minPositive
const F_ZERO = memory.data<f32>([0.0, 0.0, 0.0, 0.0], 16);
const F_INF = memory.data<f32>([Infinity, Infinity, Infinity, Infinity], 16);

// eigenPass
const THIRD = memory.data<f64>([1.0 / 3.0, 1.0 / 3.0], 16);
const SIXTH = memory.data<f64>([1.0 / 6.0, 1.0 / 6.0], 16);
const MINUS_ONE = memory.data<f64>([-1.0, -1.0], 16);
const HALF_PI = memory.data<f64>([Math.PI / 2, Math.PI / 2], 16);
const PI = memory.data<f64>([Math.PI, Math.PI], 16);
const SIN_2PI_3 = memory.data<f64>([0.8660254037844386, 0.8660254037844386], 16);
const TINY = memory.data<f64>([1e-20, 1e-20], 16);
const MIN_VALUE = memory.data<f64>([5e-324, 5e-324], 16);
const ABS = memory.data<i64>([0x7FFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF], 16);
// asin(x) = x + x·z·P(z), z = x² ≤ ¼: least squares on Chebyshev nodes, |error| < 5e-14.
const AS0 = memory.data<f64>([0.1666666666601395, 0.1666666666601395], 16);
const AS1 = memory.data<f64>([0.07500000159159297, 0.07500000159159297], 16);
const AS2 = memory.data<f64>([0.044642742869734575, 0.044642742869734575], 16);
const AS3 = memory.data<f64>([0.030385690461817428, 0.030385690461817428], 16);
const AS4 = memory.data<f64>([0.022305241653568755, 0.022305241653568755], 16);
const AS5 = memory.data<f64>([0.018061022458906534, 0.018061022458906534], 16);
const AS6 = memory.data<f64>([0.009374202235876325, 0.009374202235876325], 16);
const AS7 = memory.data<f64>([0.029627024079865314, 0.029627024079865314], 16);
const AS8 = memory.data<f64>([-0.030849806426785305, -0.030849806426785305], 16);
const AS9 = memory.data<f64>([0.05141572148153227, 0.05141572148153227], 16);
// cos and sin series on [0, π/3] to φ¹⁶ / φ¹⁷ (truncation < 4e-16).
const C8 = memory.data<f64>([1.0 / 20922789888000.0, 1.0 / 20922789888000.0], 16);
const C7 = memory.data<f64>([-1.0 / 87178291200.0, -1.0 / 87178291200.0], 16);
const C6 = memory.data<f64>([1.0 / 479001600.0, 1.0 / 479001600.0], 16);
const C5 = memory.data<f64>([-1.0 / 3628800.0, -1.0 / 3628800.0], 16);
const C4 = memory.data<f64>([1.0 / 40320.0, 1.0 / 40320.0], 16);
const C3 = memory.data<f64>([-1.0 / 720.0, -1.0 / 720.0], 16);
const C2 = memory.data<f64>([1.0 / 24.0, 1.0 / 24.0], 16);
const C1 = memory.data<f64>([-0.5, -0.5], 16);
const S8 = memory.data<f64>([1.0 / 355687428096000.0, 1.0 / 355687428096000.0], 16);
const S7 = memory.data<f64>([-1.0 / 1307674368000.0, -1.0 / 1307674368000.0], 16);
const S6 = memory.data<f64>([1.0 / 6227020800.0, 1.0 / 6227020800.0], 16);
const S5 = memory.data<f64>([-1.0 / 39916800.0, -1.0 / 39916800.0], 16);
const S4 = memory.data<f64>([1.0 / 362880.0, 1.0 / 362880.0], 16);
const S3 = memory.data<f64>([-1.0 / 5040.0, -1.0 / 5040.0], 16);
const S2 = memory.data<f64>([1.0 / 120.0, 1.0 / 120.0], 16);
const S1 = memory.data<f64>([-1.0 / 6.0, -1.0 / 6.0], 16);

@inline function k(p: usize): v128 { return v128.load(p); }
@inline function ld(p: usize): v128 { return v128.load(p); }
@inline function sp(p: usize): v128 { return v128.load64_splat(p); }

// ln x for positive x (f64 lanes): x = 2^e·f, f in [√½, √2), ln f = 2 atanh(s), s = (f−1)/(f+1), |s| ≤ 0.1716.
@inline function logV(x: v128): v128 {
  let f = v128.or(v128.and(x, k(MANTISSA)), k(EXP_ZERO));
  let eb = i64x2.shr_u(x, 52);
  const big = f64x2.gt(f, k(SQRT2));
  f = i64x2.add(f, i64x2.shl(big, 52)); // halved where big (all ones: the exponent field − 1)
  eb = i64x2.sub(eb, big); // and its exponent + 1
  const e = f64x2.sub(v128.or(eb, k(E_BITS)), k(E_BIAS));
  const s = f64x2.div(f64x2.sub(f, k(ONE)), f64x2.add(f, k(ONE)));
  const z = f64x2.mul(s, s);
  // The series to s¹³: the first term left out, 2s¹⁵/15, is < 5e-13 (a signal's log moves by far
  // less than float32 resolution); e·ln 2 in one product (error < 2e-14 for any float32 exponent).
  let p = k(L13);
  p = f64x2.add(f64x2.mul(p, z), k(L11));
  p = f64x2.add(f64x2.mul(p, z), k(L9));
  p = f64x2.add(f64x2.mul(p, z), k(L7));
  p = f64x2.add(f64x2.mul(p, z), k(L5));
  p = f64x2.add(f64x2.mul(p, z), k(L3));
  p = f64x2.add(f64x2.mul(p, z), k(ONE));
  return f64x2.add(f64x2.mul(e, k(LN2)), f64x2.mul(f64x2.add(s, s), p));
}

// eˣ (f64 lanes): x = k·ln2 + r, k = round(x/ln2), |r| ≤ ln2/2, eʳ by its series to r¹² (relative error
// < 2e-16), 2ᵏ built in the exponent bits. k is read from the low bits of x/ln2 + 1.5·2⁵² (its mantissa
// then holds round(x/ln2) as an integer): no float→int conversion or arithmetic shift, both emulated by
// several instructions on x86. x is clamped to [−708, 709]; +Inf above 709.78, 0 below −708, NaN kept.
@inline function expV(x: v128): v128 {
  const xc = f64x2.pmax(f64x2.pmin(x, k(X_MAX)), k(X_MIN));
  const t = f64x2.add(f64x2.mul(xc, k(LOG2E)), k(SHIFTER));
  const kk = f64x2.sub(t, k(SHIFTER));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(kk, k(LN2_HI))), f64x2.mul(kk, k(LN2_LO)));
  let p = k(E12);
  p = f64x2.add(f64x2.mul(p, r), k(E11));
  p = f64x2.add(f64x2.mul(p, r), k(E10));
  p = f64x2.add(f64x2.mul(p, r), k(E9));
  p = f64x2.add(f64x2.mul(p, r), k(E8));
  p = f64x2.add(f64x2.mul(p, r), k(E7));
  p = f64x2.add(f64x2.mul(p, r), k(E6));
  p = f64x2.add(f64x2.mul(p, r), k(E5));
  p = f64x2.add(f64x2.mul(p, r), k(E4));
  p = f64x2.add(f64x2.mul(p, r), k(E3));
  p = f64x2.add(f64x2.mul(p, r), k(HALF));
  p = f64x2.add(f64x2.mul(p, r), k(ONE));
  p = f64x2.add(f64x2.mul(p, r), k(ONE));
  // t's bits are 0x4338000000000000 + k: minus that plus the bias 1023, shifted into the exponent.
  const y = f64x2.mul(p, i64x2.shl(i64x2.sub(t, k(SHIFTER_BIAS)), 52));
  return v128.bitselect(f64x2.splat(0.0), v128.bitselect(k(INF), y, f64x2.gt(x, k(X_INF))), f64x2.lt(x, k(X_MIN)));
}

// eˣ (f32 lanes, Cephes expf: relative error ~1e-7, float32's own): x clamped to [−87, 88], the same
// shifter trick with 1.5·2²³. Only for the residual's predicted signals, a quality-control map.
@inline function expF(x: v128): v128 {
  const xc = f32x4.pmax(f32x4.pmin(x, k(F_MAX)), k(F_MIN));
  const t = f32x4.add(f32x4.mul(xc, k(F_LOG2E)), k(F_SHIFTER));
  const kk = f32x4.sub(t, k(F_SHIFTER));
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(kk, k(F_LN2_HI))), f32x4.mul(kk, k(F_LN2_LO)));
  let p = k(F_P0);
  p = f32x4.add(f32x4.mul(p, r), k(F_P1));
  p = f32x4.add(f32x4.mul(p, r), k(F_P2));
  p = f32x4.add(f32x4.mul(p, r), k(F_P3));
  p = f32x4.add(f32x4.mul(p, r), k(F_P4));
  p = f32x4.add(f32x4.mul(p, r), k(F_P5));
  p = f32x4.add(f32x4.mul(f32x4.mul(p, r), r), f32x4.add(r, k(F_ONE)));
  return f32x4.mul(p, i32x4.shl(i32x4.sub(t, k(F_SHIFTER_BIAS)), 23));
}

/**
 * The smallest positive signal of the chunk's first `n` voxels over every measurement (+∞ when
 * there is none), as minPositiveSignal counts it (zero, negative and NaN skipped). Read before the
 * fit's floor is known: the floor is the least of every chunk's (see fitSlabSimd's deferred floor).
 */
export function minPositive(n: i32): f32 {
  const n4 = n & ~3;
  let lanes = k(F_INF);
  let tail: f32 = Infinity;
  for (let i = 0; i < m; i++) {
    const row = sig + <usize>(i * chunk) * 4;
    for (let c = 0; c < n4; c += 4) {
      const s = v128.load(row + <usize>c * 4);
      lanes = f32x4.min(lanes, v128.bitselect(s, k(F_INF), f32x4.gt(s, k(F_ZERO))));
    }
    for (let c = n4; c < n; c++) {
      const s = load<f32>(row + <usize>c * 4);
      if (s > 0 && s < tail) tail = s;
    }
  }
  const a = min(f32x4.extract_lane(lanes, 0), f32x4.extract_lane(lanes, 1));
  const b = min(f32x4.extract_lane(lanes, 2), f32x4.extract_lane(lanes, 3));
  return min(min(a, b), tail);
}

/**
 * The chunk voxels c < n with a signal at or below the floor (or NaN) in some measurement, as
 * ascending i32 indices at `dst`; returns how many. Only asked for a chunk whose fitChunk said it
 * has one: with the floor deferred, those voxels wait for the real floor (see fitSlabSimd).
 */
export function lowSignals(n: i32, dst: usize): i32 {
  const floor = f64x2.extract_lane(floorV, 0);
  let count = 0;
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < m; i++) {
      if (!(<f64>load<f32>(sig + <usize>(i * chunk + c) * 4) > floor)) {
        store<i32>(dst + <usize>count * 4, c);
        count++;
        break;
      }
    }
  }
  return count;
}

/**
 * The chunk's outcome counts from its status bytes, voxels c < n, leaving out the `nSkip`
 * ascending indices at `skip` (voxels waiting for the floor): i32 at dst: [0] fitted (status 0
 * or 4), [1] of those with λ₃ ≤ 0 (4), [2] failed (1), then the degenerate ones (2, left to the
 * JavaScript eigen-solve) as indices from dst + 12. Returns how many are degenerate. Here rather
 * than in the driver: a loop over every voxel in JavaScript runs slowly until the JIT has warmed
 * up, which a fresh worker's first fit does not give it.
 */
export function chunkCounts(n: i32, skip: usize, nSkip: i32, dst: usize): i32 {
  const st = maps + <usize>chunk * 51;
  let fitted = 0;
  let nonPositive = 0;
  let failed = 0;
  let degenerate = 0;
  let next = nSkip > 0 ? load<i32>(skip) : n;
  let s = 0;
  for (let c = 0; c < n; c++) {
    if (c === next) {
      s++;
      next = s < nSkip ? load<i32>(skip + <usize>s * 4) : n;
      continue;
    }
    const code = <i32>load<u8>(st + <usize>c);
    if (code === 0 || code === 4) {
      fitted++;
      nonPositive += code >> 2;
    } else if (code === 1) failed++;
    else {
      store<i32>(dst + 12 + <usize>degenerate * 4, c);
      degenerate++;
    }
  }
  store<i32>(dst, fitted);
  store<i32>(dst + 4, nonPositive);
  store<i32>(dst + 8, failed);
  return degenerate;
}

/**
 * The mean of `nb` float32 volumes of `n` voxels stored one after another at `src`, voxel by
 * voxel, as meanB0 computes it: a float64 sum in volume order, divided by nb, rounded to float32
 * at `dst` (two voxels per f64x2 instruction).
 */
export function meanVolumes(src: usize, nb: i32, n: i32, dst: usize): void {
  const count = f64x2.splat(<f64>nb);
  const stride = <usize>n << 2;
  let v = 0;
  for (; v + 2 <= n; v += 2) {
    let acc = f64x2.splat(0);
    let at = src + (<usize>v << 2);
    for (let b = 0; b < nb; b++, at += stride) acc = f64x2.add(acc, f64x2.promote_low_f32x4(v128.load64_zero(at)));
    v128.store64_lane(dst + (<usize>v << 2), f32x4.demote_f64x2_zero(f64x2.div(acc, count)), 0);
  }
  for (; v < n; v++) {
    let s: f64 = 0;
    for (let b = 0; b < nb; b++) s += <f64>load<f32>(src + (<usize>b * stride) + (<usize>v << 2));
    store<f32>(dst + (<usize>v << 2), <f32>(s / <f64>nb));
  }
}

/**
 * The two whole-volume passes of otsuThreshold (src/core/dti/otsuThreshold.ts) over `n` float32
 * values at `src`, the same float64 arithmetic: the smallest and largest finite value as f64 at
 * `out` and `out` + 8, then, when the largest exceeds the smallest, 256 f64 counts from `out` + 16
 * (bins of width (max − min)/256 from min, the top one closed; non-finite values ignored). The
 * threshold is picked from them by otsuThresholdFrom. In WebAssembly because a worker runs each
 * pass once per fit: in JavaScript its speed depended on how far V8 had optimised it (4–15 ms for
 * 878 k values), here it does not.
 */
export function rangeHistogram(src: usize, n: i32, out: usize): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<f32>(src + (<usize>i << 2));
    if (!isFinite<f64>(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  store<f64>(out, lo);
  store<f64>(out + 8, hi);
  if (!(hi > lo)) return;
  const hist = out + 16;
  const scale = 256.0 / (hi - lo);
  memory.fill(hist, 0, 256 * 8);
  for (let i = 0; i < n; i++) {
    const v = <f64>load<f32>(src + (<usize>i << 2));
    if (!isFinite<f64>(v)) continue;
    const b = <usize>min<f64>(255, Math.floor((v - lo) * scale));
    store<f64>(hist + (b << 3), load<f64>(hist + (b << 3)) + 1);
  }
}

/** A byte per float32 value at `src` into `dst`: 1 where the value exceeds `threshold` (brainMask's thresholding). */
export function aboveThreshold(src: usize, n: i32, threshold: f64, dst: usize): void {
  for (let i = 0; i < n; i++) store<u8>(dst + <usize>i, <f64>load<f32>(src + (<usize>i << 2)) > threshold ? 1 : 0);
}

// Lanes whose signal was at or below the floor, or NaN, in the chunk being fitted.
let atFloor: v128 = f64x2.splat(0);

// The block's first log of each voxel (fitBlock).
const YREF = memory.data(NB * 8, 16);

/**
 * The chunk's maps (`maps`, compact: the pieces' voxels one after another) laid out over the span
 * the pieces came from (see gather), zero in the gaps, which hold voxels outside the mask: f32 rows
 * of `stride` values at dst + j·stride·4 for the nine scalar maps, then V1 (3·stride floats), then
 * colour (3·stride bytes). The driver then copies each map's span into the volume's maps in one go.
 */
export function scatterMaps(dst: usize, stride: i32, spanLen: i32, pieces: usize, np: i32): void {
  const ch = <usize>chunk;
  const sw = <usize>stride;
  const v1Dst = dst + 9 * sw * 4;
  const colDst = v1Dst + 3 * sw * 4;
  for (let j: usize = 0; j < 9; j++) memory.fill(dst + j * sw * 4, 0, <usize>spanLen * 4);
  memory.fill(v1Dst, 0, <usize>spanLen * 12);
  memory.fill(colDst, 0, <usize>spanLen * 3);
  let at: usize = 0;
  for (let p = 0; p < np; p += 2) {
    const off = <usize>load<i32>(pieces + <usize>p * 4);
    const len = <usize>load<i32>(pieces + <usize>p * 4 + 4);
    for (let j: usize = 0; j < 9; j++) memory.copy(dst + (j * sw + off) * 4, maps + (j * ch + at) * 4, len * 4);
    memory.copy(v1Dst + off * 12, maps + ch * 36 + at * 12, len * 12);
    memory.copy(colDst + off * 3, maps + ch * 48 + at * 3, len * 3);
    at += len;
  }
}

/**
 * Fits the first `n` voxels of the chunk (n ≤ chunk, a multiple of 4): results in `out` and `maps`.
 * Returns 1 when some signal of the chunk was at or below the floor (or NaN): only then do the
 * results depend on the floor's value (see fitSlabSimd's provisional floor).
 */
export function fitChunk(n: i32): i32 {
  atFloor = f64x2.splat(0);
  for (let c0 = 0; c0 < n; c0 += NB) fitBlock(c0, min(NB, n - c0));
  if (residual) residualPass(n);
  eigenPass(n);
  return v128.any_true(atFloor) ? 1 : 0;
}

// asin(x) for x in [0, ½] (P above).
@inline function asinSmall(x: v128): v128 {
  const z = f64x2.mul(x, x);
  let p = k(AS9);
  p = f64x2.add(f64x2.mul(p, z), k(AS8));
  p = f64x2.add(f64x2.mul(p, z), k(AS7));
  p = f64x2.add(f64x2.mul(p, z), k(AS6));
  p = f64x2.add(f64x2.mul(p, z), k(AS5));
  p = f64x2.add(f64x2.mul(p, z), k(AS4));
  p = f64x2.add(f64x2.mul(p, z), k(AS3));
  p = f64x2.add(f64x2.mul(p, z), k(AS2));
  p = f64x2.add(f64x2.mul(p, z), k(AS1));
  p = f64x2.add(f64x2.mul(p, z), k(AS0));
  return f64x2.add(x, f64x2.mul(f64x2.mul(x, z), p));
}

// acos(r) for r in [−1, 1]: π/2 − asin(r) for |r| ≤ ½, else 2·asin(√((1 − |r|)/2)) (or π minus it for r < 0).
@inline function acosV(r: v128): v128 {
  const ar = v128.and(r, k(ABS));
  const mid = f64x2.sub(k(HALF_PI), asinSmall(r));
  const t = f64x2.mul(asinSmall(f64x2.sqrt(f64x2.mul(f64x2.sub(k(ONE), ar), k(HALF)))), k(TWO));
  const far = v128.bitselect(f64x2.sub(k(PI), t), t, f64x2.lt(r, f64x2.splat(0)));
  return v128.bitselect(far, mid, f64x2.gt(ar, k(HALF)));
}

// Eigen-decomposition of each voxel's tensor (rows 0–5), as src/core/dti/eigenSymmetric3.ts does it:
// eigenvalues by Smith's closed form (acos and cos/sin by polynomials, ~1e-13), V1 from the largest
// cross product of rows of (A − λ₁I); then the maps (storeMaps). Where V1 is not well defined (λ₁ ≈ λ₂,
// isotropic, or not finite) the voxel is marked degenerate and left to the JavaScript
// eigen-decomposition, which handles those cases explicitly.
function eigenPass(n: i32): void {
  const row = <usize>chunk * 8;
  for (let c = 0; c < n; c += 2) {
    const o = out + <usize>c * 8;
    const a00 = ld(o), a11 = ld(o + row), a22 = ld(o + 2 * row);
    const a01 = ld(o + 3 * row), a02 = ld(o + 4 * row), a12 = ld(o + 5 * row);
    const q = f64x2.mul(f64x2.add(f64x2.add(a00, a11), a22), k(THIRD));
    const p1 = f64x2.add(f64x2.add(f64x2.mul(a01, a01), f64x2.mul(a02, a02)), f64x2.mul(a12, a12));
    const d0 = f64x2.sub(a00, q), d1 = f64x2.sub(a11, q), d2 = f64x2.sub(a22, q);
    const p2 = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(d0, d0), f64x2.mul(d1, d1)), f64x2.mul(d2, d2)), f64x2.mul(p1, k(TWO)));
    const p = f64x2.sqrt(f64x2.mul(p2, k(SIXTH)));
    const ip = f64x2.div(k(ONE), p);
    const b00 = f64x2.mul(d0, ip), b11 = f64x2.mul(d1, ip), b22 = f64x2.mul(d2, ip);
    const b01 = f64x2.mul(a01, ip), b02 = f64x2.mul(a02, ip), b12 = f64x2.mul(a12, ip);
    let r = f64x2.sub(f64x2.mul(b00, f64x2.sub(f64x2.mul(b11, b22), f64x2.mul(b12, b12))), f64x2.mul(b01, f64x2.sub(f64x2.mul(b01, b22), f64x2.mul(b12, b02))));
    r = f64x2.mul(f64x2.add(r, f64x2.mul(b02, f64x2.sub(f64x2.mul(b01, b12), f64x2.mul(b11, b02)))), k(HALF));
    r = f64x2.pmax(f64x2.pmin(r, k(ONE)), k(MINUS_ONE));
    const phi = f64x2.mul(acosV(r), k(THIRD));
    const z = f64x2.mul(phi, phi);
    let cp = k(C8), sp8 = k(S8);
    cp = f64x2.add(f64x2.mul(cp, z), k(C7)); sp8 = f64x2.add(f64x2.mul(sp8, z), k(S7));
    cp = f64x2.add(f64x2.mul(cp, z), k(C6)); sp8 = f64x2.add(f64x2.mul(sp8, z), k(S6));
    cp = f64x2.add(f64x2.mul(cp, z), k(C5)); sp8 = f64x2.add(f64x2.mul(sp8, z), k(S5));
    cp = f64x2.add(f64x2.mul(cp, z), k(C4)); sp8 = f64x2.add(f64x2.mul(sp8, z), k(S4));
    cp = f64x2.add(f64x2.mul(cp, z), k(C3)); sp8 = f64x2.add(f64x2.mul(sp8, z), k(S3));
    cp = f64x2.add(f64x2.mul(cp, z), k(C2)); sp8 = f64x2.add(f64x2.mul(sp8, z), k(S2));
    cp = f64x2.add(f64x2.mul(cp, z), k(C1)); sp8 = f64x2.add(f64x2.mul(sp8, z), k(S1));
    const cosPhi = f64x2.add(f64x2.mul(cp, z), k(ONE));
    const sinPhi = f64x2.add(f64x2.mul(f64x2.mul(sp8, z), phi), phi);
    const twoP = f64x2.mul(p, k(TWO));
    const zeroP = f64x2.eq(p, f64x2.splat(0));
    // cos(φ + 2π/3) = −½ cos φ − (√3/2) sin φ
    const l1 = v128.bitselect(q, f64x2.add(q, f64x2.mul(twoP, cosPhi)), zeroP);
    const l3 = v128.bitselect(q, f64x2.sub(q, f64x2.mul(twoP, f64x2.add(f64x2.mul(cosPhi, k(HALF)), f64x2.mul(sinPhi, k(SIN_2PI_3))))), zeroP);
    const l2 = f64x2.sub(f64x2.sub(f64x2.mul(q, f64x2.splat(3.0)), l1), l3);
    const m00 = f64x2.sub(a00, l1), m11 = f64x2.sub(a11, l1), m22 = f64x2.sub(a22, l1);
    const c01x = f64x2.sub(f64x2.mul(a01, a12), f64x2.mul(a02, m11));
    const c01y = f64x2.sub(f64x2.mul(a02, a01), f64x2.mul(m00, a12));
    const c01z = f64x2.sub(f64x2.mul(m00, m11), f64x2.mul(a01, a01));
    const c02x = f64x2.sub(f64x2.mul(a01, m22), f64x2.mul(a02, a12));
    const c02y = f64x2.sub(f64x2.mul(a02, a02), f64x2.mul(m00, m22));
    const c02z = f64x2.sub(f64x2.mul(m00, a12), f64x2.mul(a01, a02));
    const c12x = f64x2.sub(f64x2.mul(m11, m22), f64x2.mul(a12, a12));
    const c12y = f64x2.sub(f64x2.mul(a12, a02), f64x2.mul(a01, m22));
    const c12z = f64x2.sub(f64x2.mul(a01, a12), f64x2.mul(m11, a02));
    const n01 = f64x2.add(f64x2.add(f64x2.mul(c01x, c01x), f64x2.mul(c01y, c01y)), f64x2.mul(c01z, c01z));
    const n02 = f64x2.add(f64x2.add(f64x2.mul(c02x, c02x), f64x2.mul(c02y, c02y)), f64x2.mul(c02z, c02z));
    const n12 = f64x2.add(f64x2.add(f64x2.mul(c12x, c12x), f64x2.mul(c12y, c12y)), f64x2.mul(c12z, c12z));
    const use01 = v128.and(f64x2.ge(n01, n02), f64x2.ge(n01, n12));
    const use02 = f64x2.ge(n02, n12);
    const vx = v128.bitselect(c01x, v128.bitselect(c02x, c12x, use02), use01);
    const vy = v128.bitselect(c01y, v128.bitselect(c02y, c12y, use02), use01);
    const vz = v128.bitselect(c01z, v128.bitselect(c02z, c12z, use02), use01);
    const nn = v128.bitselect(n01, v128.bitselect(n02, n12, use02), use01);
    const scale = f64x2.pmax(f64x2.pmax(v128.and(l1, k(ABS)), v128.and(l3, k(ABS))), k(MIN_VALUE));
    const s2 = f64x2.mul(scale, scale);
    const good = f64x2.gt(nn, f64x2.mul(k(TINY), f64x2.mul(s2, s2)));
    const inv = f64x2.div(k(ONE), f64x2.sqrt(nn));
    const v1x = f64x2.mul(vx, inv), v1y = f64x2.mul(vy, inv), v1z = f64x2.mul(vz, inv);
    storeMaps(c, o, row, l1, l2, l3, v1x, v1y, v1z, good);
  }
}

@inline function finite(x: v128): v128 { return f64x2.eq(f64x2.sub(x, x), f64x2.splat(0)); }

@inline function store2f32(p: usize, x: v128): void { v128.store64_lane(p, f32x4.demote_f64x2_zero(x), 0); }

// The maps of voxels c, c + 1 (see `maps`), as src/core/dti/storeVoxelFit.ts storeEigenFit computes them.
function storeMaps(c: i32, o: usize, row: usize, l1: v128, l2: v128, l3: v128, v1x: v128, v1y: v128, v1z: v128, good: v128): void {
  const ch = <usize>chunk;
  const solved = f64x2.ne(ld(o + 8 * row), f64x2.splat(0));
  const s0 = expV(ld(o + 6 * row));
  const rms = residual ? ld(o + 7 * row) : f64x2.splat(0);
  let L1 = f64x2.mul(l1, bScaleV), L2 = f64x2.mul(l2, bScaleV), L3 = f64x2.mul(l3, bScaleV);
  const isFinite = v128.and(v128.and(v128.and(finite(L1), finite(L3)), v128.and(finite(s0), finite(rms))), finite(v1x));
  const ok = v128.and(v128.and(solved, good), isFinite);
  const degenerate = v128.andnot(solved, good);
  const nonPositive = f64x2.le(L3, f64x2.splat(0));
  const zero = f64x2.splat(0);
  L1 = f64x2.pmax(L1, zero); L2 = f64x2.pmax(L2, zero); L3 = f64x2.pmax(L3, zero);
  const den = f64x2.add(f64x2.add(f64x2.mul(L1, L1), f64x2.mul(L2, L2)), f64x2.mul(L3, L3));
  const a = f64x2.sub(L1, L2), b = f64x2.sub(L2, L3), cc = f64x2.sub(L3, L1);
  const num = f64x2.mul(k(HALF), f64x2.add(f64x2.add(f64x2.mul(a, a), f64x2.mul(b, b)), f64x2.mul(cc, cc)));
  const fa = v128.and(f64x2.pmin(f64x2.sqrt(f64x2.div(num, den)), k(ONE)), f64x2.gt(den, zero));
  const at = maps + <usize>c * 4;
  store2f32(at, v128.and(fa, ok));
  store2f32(at + ch * 4, v128.and(f64x2.div(f64x2.add(f64x2.add(L1, L2), L3), f64x2.splat(3.0)), ok));
  store2f32(at + ch * 8, v128.and(L1, ok));
  store2f32(at + ch * 12, v128.and(f64x2.mul(f64x2.add(L2, L3), k(HALF)), ok));
  store2f32(at + ch * 16, v128.and(L1, ok));
  store2f32(at + ch * 20, v128.and(L2, ok));
  store2f32(at + ch * 24, v128.and(L3, ok));
  store2f32(at + ch * 28, v128.and(s0, ok));
  store2f32(at + ch * 32, v128.and(rms, ok));
  const vx = v128.and(v1x, ok), vy = v128.and(v1y, ok), vz = v128.and(v1z, ok);
  const xy = v128.shuffle<f32>(f32x4.demote_f64x2_zero(vx), f32x4.demote_f64x2_zero(vy), 0, 4, 1, 5); // x0 y0 x1 y1
  const zz = f32x4.demote_f64x2_zero(vz); // z0 z1
  const v1At = maps + ch * 36 + <usize>c * 12;
  v128.store(v1At, v128.shuffle<f32>(xy, zz, 0, 1, 4, 2)); // x0 y0 z0 x1
  v128.store64_lane(v1At + 16, v128.shuffle<f32>(xy, zz, 3, 5, 0, 0), 0); // y1 z1
  // round(255·|V1|·FA) as Math.round does for non-negative values: ⌊x + ½⌋.
  const fa255 = f64x2.mul(fa, f64x2.splat(255.0));
  const r = f64x2.floor(f64x2.add(f64x2.mul(v128.and(vx, k(ABS)), fa255), k(HALF)));
  const g = f64x2.floor(f64x2.add(f64x2.mul(v128.and(vy, k(ABS)), fa255), k(HALF)));
  const bl = f64x2.floor(f64x2.add(f64x2.mul(v128.and(vz, k(ABS)), fa255), k(HALF)));
  const colAt = maps + ch * 48 + <usize>c * 3;
  store<u8>(colAt, <u8>(<i32>f64x2.extract_lane(r, 0)));
  store<u8>(colAt + 1, <u8>(<i32>f64x2.extract_lane(g, 0)));
  store<u8>(colAt + 2, <u8>(<i32>f64x2.extract_lane(bl, 0)));
  store<u8>(colAt + 3, <u8>(<i32>f64x2.extract_lane(r, 1)));
  store<u8>(colAt + 4, <u8>(<i32>f64x2.extract_lane(g, 1)));
  store<u8>(colAt + 5, <u8>(<i32>f64x2.extract_lane(bl, 1)));
  // status: 2 degenerate, else 1 failed (not solved or not finite), else 4 if λ₃ ≤ 0, else 0.
  const st = v128.bitselect(f64x2.splat(2.0), v128.bitselect(v128.and(nonPositive, f64x2.splat(4.0)), k(ONE), ok), degenerate);
  const stAt = maps + ch * 51 + <usize>c;
  store<u8>(stAt, <u8>(<i32>f64x2.extract_lane(st, 0)));
  store<u8>(stAt + 1, <u8>(<i32>f64x2.extract_lane(st, 1)));
}

// eˣ for the weights (f64 lanes): expV's reduction, the series to r¹⁰ (relative error < 3e-13, which
// moves a weighted fit by far less than float32 resolution) and no special cases: x is clamped to
// [−708, 709], so exp(x)² still overflows to +∞ (the fit then fails, as the JavaScript kernel's
// does) or underflows to 0 where the exact value would, and NaN stays NaN.
@inline function expW(x: v128): v128 {
  const xc = f64x2.pmax(f64x2.pmin(x, k(X_MAX)), k(X_MIN));
  const t = f64x2.add(f64x2.mul(xc, k(LOG2E)), k(SHIFTER));
  const kk = f64x2.sub(t, k(SHIFTER));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(kk, k(LN2_HI))), f64x2.mul(kk, k(LN2_LO)));
  // Estrin's scheme: the series in independent pieces (a chain of ~6 operations, not 20), so the
  // out-of-order core overlaps the measurements' exponentials instead of waiting on each.
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const q0 = f64x2.add(k(ONE), r);
  const q1 = f64x2.add(k(HALF), f64x2.mul(k(E3), r));
  const q2 = f64x2.add(k(E4), f64x2.mul(k(E5), r));
  const q3 = f64x2.add(k(E6), f64x2.mul(k(E7), r));
  const q4 = f64x2.add(k(E8), f64x2.mul(k(E9), r));
  const u0 = f64x2.add(q0, f64x2.mul(q1, r2));
  const u1 = f64x2.add(q2, f64x2.mul(q3, r2));
  const u2 = f64x2.add(q4, f64x2.mul(k(E10), r2));
  const p = f64x2.add(f64x2.add(u0, f64x2.mul(u1, r4)), f64x2.mul(u2, f64x2.mul(r4, r4)));
  return f64x2.mul(p, i64x2.shl(i64x2.sub(t, k(SHIFTER_BIAS)), 52));
}


function fitBlock(c0: i32, nb: i32): void {
  const mm = m;
  const ch = chunk;
  const fl = floorV;
  const lfl = logFloorV;
  // Logs of the block, floored, relative to each voxel's first (its own at YREF): the fit's sums then
  // need no subtraction, which keeps the OLS loop's operands in registers.
  let all = i64x2.splat(-1); // lanes whose every signal so far is above the floor (so not NaN)
  for (let c = 0, sp = sig + <usize>c0 * 4; c < nb; c += 2, sp += 8) {
    const s = f64x2.promote_low_f32x4(v128.load64_zero(sp));
    const above = f64x2.gt(s, fl);
    all = v128.and(all, above);
    const y = v128.bitselect(s, v128.bitselect(logV(s), lfl, above), f64x2.eq(s, k(INF)));
    v128.store(YREF + <usize>c * 8, y);
    v128.store(logs + <usize>c * 8, f64x2.sub(y, y));
  }
  for (let i = 1; i < mm; i++) {
    const rowL = logs + <usize>(i * NB) * 8;
    for (let sp = sig + <usize>(i * ch + c0) * 4, yp = rowL, end = rowL + <usize>nb * 8, rp = YREF; yp < end; sp += 8, yp += 16, rp += 16) {
      const s = f64x2.promote_low_f32x4(v128.load64_zero(sp));
      const above = f64x2.gt(s, fl);
      all = v128.and(all, above);
      const y = v128.bitselect(s, v128.bitselect(logV(s), lfl, above), f64x2.eq(s, k(INF)));
      v128.store(yp, f64x2.sub(y, v128.load(rp)));
    }
  }
  atFloor = v128.or(atFloor, v128.not(all));
  const pinv = pinvT;
  const des = design;
  const quad = products;
  const w = wts;
  const wEnd = w + <usize>mm * 32; // [i]: weight, weighted log (relative to the first)
  const nrm = wEnd;
  const rhs = nrm + 28 * 16;
  const row = <usize>ch * 8;
  const stride = <usize>NB * 8;
  for (let c = 0; c < nb; c += 2) {
    const cl = logs + <usize>c * 8;
    const yRef = ld(YREF + <usize>c * 8);
    let x0 = f64x2.splat(0), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0;
    for (let i = 0, r = pinv, yp = cl; i < mm; i++, r += 56, yp += stride) {
      const y = ld(yp);
      x0 = f64x2.add(x0, f64x2.mul(v128.load64_splat(r, 0), y));
      x1 = f64x2.add(x1, f64x2.mul(v128.load64_splat(r, 8), y));
      x2 = f64x2.add(x2, f64x2.mul(v128.load64_splat(r, 16), y));
      x3 = f64x2.add(x3, f64x2.mul(v128.load64_splat(r, 24), y));
      x4 = f64x2.add(x4, f64x2.mul(v128.load64_splat(r, 32), y));
      x5 = f64x2.add(x5, f64x2.mul(v128.load64_splat(r, 40), y));
      x6 = f64x2.add(x6, f64x2.mul(v128.load64_splat(r, 48), y));
    }
    let ok = f64x2.eq(x0, x0); // all ones
    for (let it = 0; it < reweightings; it++) {
      // x6 is relative to yRef here: weights exp(prediction)², as the JavaScript kernel's
      const e0 = f64x2.add(x6, yRef);
      let sw = f64x2.splat(0);
      for (let r = des, yp = cl, wp = w; wp < wEnd; r += 56, yp += stride, wp += 32) {
        const e = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(v128.load64_splat(r, 0), x0), f64x2.mul(v128.load64_splat(r, 8), x1)), f64x2.add(f64x2.mul(v128.load64_splat(r, 16), x2), f64x2.mul(v128.load64_splat(r, 24), x3))),
          f64x2.add(f64x2.add(f64x2.mul(v128.load64_splat(r, 32), x4), f64x2.mul(v128.load64_splat(r, 40), x5)), e0));
        const p = expW(e);
        const wi = f64x2.mul(p, p);
        sw = f64x2.add(sw, wi);
        v128.store(wp, wi);
        v128.store(wp, f64x2.mul(wi, ld(yp)), 16);
      }
      v128.store(nrm, sw, 432); // (6,6) = Σ w
      // The 28 entries of AᵀWA from 22 sums: the tensor columns are −b·(x², y², z², 2xy, 2xz, 2yz)
      // for every scheme, so six products repeat others times 2 or 4 (see fitSlabSimd's quad table).
      // Seven sums per pass over the measurements (with eight, V8 keeps one in memory, and that
      // loop-carried load and store took three times as long as the pass).
      let a0 = f64x2.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0;
      for (let q = quad, wp = w; wp < wEnd; q += 120, wp += 32) {
        const wi = ld(wp);
        a0 = f64x2.add(a0, f64x2.mul(v128.load64_splat(q, 0), wi));
        a1 = f64x2.add(a1, f64x2.mul(v128.load64_splat(q, 8), wi));
        a2 = f64x2.add(a2, f64x2.mul(v128.load64_splat(q, 16), wi));
        a3 = f64x2.add(a3, f64x2.mul(v128.load64_splat(q, 24), wi));
        a4 = f64x2.add(a4, f64x2.mul(v128.load64_splat(q, 32), wi));
        a5 = f64x2.add(a5, f64x2.mul(v128.load64_splat(q, 40), wi));
        a6 = f64x2.add(a6, f64x2.mul(v128.load64_splat(q, 48), wi));
      }
      // S00 S10 S11 S20 S21 S22 S30 (Sₖₗ = Σ w·tₖ·tₗ)
      v128.store(nrm, a0); v128.store(nrm, a1, 16); v128.store(nrm, a2, 32); v128.store(nrm, a3, 48);
      v128.store(nrm, a4, 64); v128.store(nrm, a5, 80); v128.store(nrm, a6, 96);
      v128.store(nrm, f64x2.mul(a1, k(FOUR)), 144); // (3,3) = 4·S10
      v128.store(nrm, f64x2.mul(a3, k(FOUR)), 224); // (4,4) = 4·S20
      v128.store(nrm, f64x2.mul(a4, k(FOUR)), 320); // (5,5) = 4·S21
      a0 = f64x2.splat(0); a1 = a0; a2 = a0; a3 = a0; a4 = a0; a5 = a0; a6 = a0;
      for (let q = quad, wp = w; wp < wEnd; q += 120, wp += 32) {
        const wi = ld(wp);
        a0 = f64x2.add(a0, f64x2.mul(v128.load64_splat(q, 56), wi));
        a1 = f64x2.add(a1, f64x2.mul(v128.load64_splat(q, 64), wi));
        a2 = f64x2.add(a2, f64x2.mul(v128.load64_splat(q, 72), wi));
        a3 = f64x2.add(a3, f64x2.mul(v128.load64_splat(q, 80), wi));
        a4 = f64x2.add(a4, f64x2.mul(v128.load64_splat(q, 88), wi));
        a5 = f64x2.add(a5, f64x2.mul(v128.load64_splat(q, 96), wi));
        a6 = f64x2.add(a6, f64x2.mul(v128.load64_splat(q, 104), wi));
      }
      // S31 S32 S40 S41 S42 S50 S51
      v128.store(nrm, a0, 112); v128.store(nrm, a1, 128);
      v128.store(nrm, a2, 160); v128.store(nrm, a3, 176); v128.store(nrm, a4, 192);
      v128.store(nrm, a5, 240); v128.store(nrm, a6, 256);
      v128.store(nrm, f64x2.mul(a5, k(TWO)), 208); // (4,3) = 2·S50
      v128.store(nrm, f64x2.mul(a3, k(TWO)), 288); // (5,3) = 2·S41
      v128.store(nrm, f64x2.mul(a1, k(TWO)), 304); // (5,4) = 2·S32
      // Σ w·tₖ (Σ w was summed with the weights) and S52
      a0 = f64x2.splat(0); a1 = a0; a2 = a0; a3 = a0; a4 = a0; a5 = a0; a6 = a0;
      for (let r = des, q = quad, wp = w; wp < wEnd; r += 56, q += 120, wp += 32) {
        const wi = ld(wp);
        a0 = f64x2.add(a0, f64x2.mul(v128.load64_splat(r, 0), wi));
        a1 = f64x2.add(a1, f64x2.mul(v128.load64_splat(r, 8), wi));
        a2 = f64x2.add(a2, f64x2.mul(v128.load64_splat(r, 16), wi));
        a3 = f64x2.add(a3, f64x2.mul(v128.load64_splat(r, 24), wi));
        a4 = f64x2.add(a4, f64x2.mul(v128.load64_splat(r, 32), wi));
        a5 = f64x2.add(a5, f64x2.mul(v128.load64_splat(r, 40), wi));
        a6 = f64x2.add(a6, f64x2.mul(v128.load64_splat(q, 112), wi));
      }
      v128.store(nrm, a0, 336); v128.store(nrm, a1, 352); v128.store(nrm, a2, 368); v128.store(nrm, a3, 384);
      v128.store(nrm, a4, 400); v128.store(nrm, a5, 416); v128.store(nrm, a6, 272);
      a0 = f64x2.splat(0); a1 = a0; a2 = a0; a3 = a0; a4 = a0; a5 = a0; a6 = a0;
      for (let r = des, wp = w; wp < wEnd; r += 56, wp += 32) {
        const v = v128.load(wp, 16);
        a0 = f64x2.add(a0, f64x2.mul(v128.load64_splat(r, 0), v));
        a1 = f64x2.add(a1, f64x2.mul(v128.load64_splat(r, 8), v));
        a2 = f64x2.add(a2, f64x2.mul(v128.load64_splat(r, 16), v));
        a3 = f64x2.add(a3, f64x2.mul(v128.load64_splat(r, 24), v));
        a4 = f64x2.add(a4, f64x2.mul(v128.load64_splat(r, 32), v));
        a5 = f64x2.add(a5, f64x2.mul(v128.load64_splat(r, 40), v));
        a6 = f64x2.add(a6, v);
      }
      v128.store(rhs, a0); v128.store(rhs, a1, 16); v128.store(rhs, a2, 32); v128.store(rhs, a3, 48);
      v128.store(rhs, a4, 64); v128.store(rhs, a5, 80); v128.store(rhs, a6, 96);
      ok = v128.and(ok, solve7(nrm, rhs));
      x0 = ld(rhs); x1 = v128.load(rhs, 16); x2 = v128.load(rhs, 32); x3 = v128.load(rhs, 48); x4 = v128.load(rhs, 64); x5 = v128.load(rhs, 80); x6 = v128.load(rhs, 96);
    }
    x6 = f64x2.add(x6, yRef);
    const oc = out + <usize>(c0 + c) * 8;
    v128.store(oc, x0);
    v128.store(oc + row, x1);
    v128.store(oc + 2 * row, x2);
    v128.store(oc + 3 * row, x3);
    v128.store(oc + 4 * row, x4);
    v128.store(oc + 5 * row, x5);
    v128.store(oc + 6 * row, x6);
    v128.store(oc + 8 * row, v128.and(ok, k(ONE)));
  }
}

// Two f64x2 (lanes 0–1, 2–3) as one f32x4.
@inline function demote4(p: usize): v128 {
  return v128.shuffle<i64>(f32x4.demote_f64x2_zero(ld(p)), f32x4.demote_f64x2_zero(ld(p + 16)), 0, 2);
}

// RMS of measured − predicted signal for chunk voxels [0, n), four per f32x4: prediction S0·exp(Aᵢ·D)
// with S0 = exp(x6) in f64 and the tensor part (magnitude ~b·D ≈ 1) in f32, so its rounding stays at
// float32's 6e-8 relative; squares summed in f64 so absurd signals (1e30) stay finite as in the JS kernel.
function residualPass(n: i32): void {
  const mm = m;
  const ch = chunk;
  const row = <usize>ch * 8;
  const invM = f64x2.splat(1.0 / <f64>mm);
  const dF = designF32;
  const dEnd = dF + <usize>mm * 24;
  const sigRow = <usize>ch * 4;
  const t = wts;
  for (let c = 0; c < n; c += 4) {
    const o = out + <usize>c * 8;
    // The four voxels' tensors and S0 as f32x4, stored once and loaded in the loop: kept as locals,
    // the optimiser sinks their single-use computation (an f64 exponential, twelve conversions)
    // into the loop body, to be redone for every measurement.
    for (let j = 0; j < 6; j++) v128.store(t + <usize>j * 16, demote4(o + <usize>j * row));
    v128.store(t + 96, v128.shuffle<i64>(f32x4.demote_f64x2_zero(expV(ld(o + 6 * row))), f32x4.demote_f64x2_zero(expV(ld(o + 6 * row + 16))), 0, 2));
    let ssLo = f64x2.splat(0), ssHi = ssLo;
    for (let r = dF, sp = sig + <usize>c * 4; r < dEnd; r += 24, sp += sigRow) {
      const e = f32x4.add(
        f32x4.add(f32x4.add(f32x4.mul(v128.load32_splat(r), ld(t)), f32x4.mul(v128.load32_splat(r, 4), v128.load(t, 16))), f32x4.add(f32x4.mul(v128.load32_splat(r, 8), v128.load(t, 32)), f32x4.mul(v128.load32_splat(r, 12), v128.load(t, 48)))),
        f32x4.add(f32x4.mul(v128.load32_splat(r, 16), v128.load(t, 64)), f32x4.mul(v128.load32_splat(r, 20), v128.load(t, 80))));
      const d = f32x4.sub(v128.load(sp), f32x4.mul(v128.load(t, 96), expF(e)));
      const lo = f64x2.promote_low_f32x4(d);
      const hi = f64x2.promote_low_f32x4(v128.shuffle<i64>(d, d, 1, 0));
      ssLo = f64x2.add(ssLo, f64x2.mul(lo, lo));
      ssHi = f64x2.add(ssHi, f64x2.mul(hi, hi));
    }
    v128.store(o + 7 * row, f64x2.sqrt(f64x2.mul(ssLo, invM)));
    v128.store(o + 7 * row + 16, f64x2.sqrt(f64x2.mul(ssHi, invM)));
  }
}

// LDLᵀ solve of the packed 7×7 normal equations at `a` with right-hand side `b` (both f64x2, two
// voxels), written out (generated from the loop form): no loop counters or computed addresses, each
// L·D product formed once, one division per pivot. Solution into b; returns the lanes whose pivots
// were all > 0.
function solve7(a: usize, b: usize): v128 {
  const d0 = ld(a + 0);
  const i0 = f64x2.div(k(ONE), d0);
  const ld10 = ld(a + 16);
  const l10 = f64x2.mul(ld10, i0);
  const ld20 = ld(a + 48);
  const l20 = f64x2.mul(ld20, i0);
  const ld30 = ld(a + 96);
  const l30 = f64x2.mul(ld30, i0);
  const ld40 = ld(a + 160);
  const l40 = f64x2.mul(ld40, i0);
  const ld50 = ld(a + 240);
  const l50 = f64x2.mul(ld50, i0);
  const ld60 = ld(a + 336);
  const l60 = f64x2.mul(ld60, i0);
  const d1 = f64x2.sub(ld(a + 32), f64x2.mul(l10, ld10));
  const i1 = f64x2.div(k(ONE), d1);
  const ld21 = f64x2.sub(ld(a + 64), f64x2.mul(l20, ld10));
  const l21 = f64x2.mul(ld21, i1);
  const ld31 = f64x2.sub(ld(a + 112), f64x2.mul(l30, ld10));
  const l31 = f64x2.mul(ld31, i1);
  const ld41 = f64x2.sub(ld(a + 176), f64x2.mul(l40, ld10));
  const l41 = f64x2.mul(ld41, i1);
  const ld51 = f64x2.sub(ld(a + 256), f64x2.mul(l50, ld10));
  const l51 = f64x2.mul(ld51, i1);
  const ld61 = f64x2.sub(ld(a + 352), f64x2.mul(l60, ld10));
  const l61 = f64x2.mul(ld61, i1);
  const d2 = f64x2.sub(f64x2.sub(ld(a + 80), f64x2.mul(l20, ld20)), f64x2.mul(l21, ld21));
  const i2 = f64x2.div(k(ONE), d2);
  const ld32 = f64x2.sub(f64x2.sub(ld(a + 128), f64x2.mul(l30, ld20)), f64x2.mul(l31, ld21));
  const l32 = f64x2.mul(ld32, i2);
  const ld42 = f64x2.sub(f64x2.sub(ld(a + 192), f64x2.mul(l40, ld20)), f64x2.mul(l41, ld21));
  const l42 = f64x2.mul(ld42, i2);
  const ld52 = f64x2.sub(f64x2.sub(ld(a + 272), f64x2.mul(l50, ld20)), f64x2.mul(l51, ld21));
  const l52 = f64x2.mul(ld52, i2);
  const ld62 = f64x2.sub(f64x2.sub(ld(a + 368), f64x2.mul(l60, ld20)), f64x2.mul(l61, ld21));
  const l62 = f64x2.mul(ld62, i2);
  const d3 = f64x2.sub(f64x2.sub(f64x2.sub(ld(a + 144), f64x2.mul(l30, ld30)), f64x2.mul(l31, ld31)), f64x2.mul(l32, ld32));
  const i3 = f64x2.div(k(ONE), d3);
  const ld43 = f64x2.sub(f64x2.sub(f64x2.sub(ld(a + 208), f64x2.mul(l40, ld30)), f64x2.mul(l41, ld31)), f64x2.mul(l42, ld32));
  const l43 = f64x2.mul(ld43, i3);
  const ld53 = f64x2.sub(f64x2.sub(f64x2.sub(ld(a + 288), f64x2.mul(l50, ld30)), f64x2.mul(l51, ld31)), f64x2.mul(l52, ld32));
  const l53 = f64x2.mul(ld53, i3);
  const ld63 = f64x2.sub(f64x2.sub(f64x2.sub(ld(a + 384), f64x2.mul(l60, ld30)), f64x2.mul(l61, ld31)), f64x2.mul(l62, ld32));
  const l63 = f64x2.mul(ld63, i3);
  const d4 = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(ld(a + 224), f64x2.mul(l40, ld40)), f64x2.mul(l41, ld41)), f64x2.mul(l42, ld42)), f64x2.mul(l43, ld43));
  const i4 = f64x2.div(k(ONE), d4);
  const ld54 = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(ld(a + 304), f64x2.mul(l50, ld40)), f64x2.mul(l51, ld41)), f64x2.mul(l52, ld42)), f64x2.mul(l53, ld43));
  const l54 = f64x2.mul(ld54, i4);
  const ld64 = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(ld(a + 400), f64x2.mul(l60, ld40)), f64x2.mul(l61, ld41)), f64x2.mul(l62, ld42)), f64x2.mul(l63, ld43));
  const l64 = f64x2.mul(ld64, i4);
  const d5 = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(ld(a + 320), f64x2.mul(l50, ld50)), f64x2.mul(l51, ld51)), f64x2.mul(l52, ld52)), f64x2.mul(l53, ld53)), f64x2.mul(l54, ld54));
  const i5 = f64x2.div(k(ONE), d5);
  const ld65 = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(ld(a + 416), f64x2.mul(l60, ld50)), f64x2.mul(l61, ld51)), f64x2.mul(l62, ld52)), f64x2.mul(l63, ld53)), f64x2.mul(l64, ld54));
  const l65 = f64x2.mul(ld65, i5);
  const d6 = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(ld(a + 432), f64x2.mul(l60, ld60)), f64x2.mul(l61, ld61)), f64x2.mul(l62, ld62)), f64x2.mul(l63, ld63)), f64x2.mul(l64, ld64)), f64x2.mul(l65, ld65));
  const i6 = f64x2.div(k(ONE), d6);
  const ok = v128.and(v128.and(v128.and(f64x2.gt(d0, f64x2.splat(0)), f64x2.gt(d1, f64x2.splat(0))), v128.and(f64x2.gt(d2, f64x2.splat(0)), f64x2.gt(d3, f64x2.splat(0)))),
    v128.and(v128.and(f64x2.gt(d4, f64x2.splat(0)), f64x2.gt(d5, f64x2.splat(0))), f64x2.gt(d6, f64x2.splat(0))));
  const z0 = ld(b + 0);
  const z1 = f64x2.sub(ld(b + 16), f64x2.mul(l10, z0));
  const z2 = f64x2.sub(f64x2.sub(ld(b + 32), f64x2.mul(l20, z0)), f64x2.mul(l21, z1));
  const z3 = f64x2.sub(f64x2.sub(f64x2.sub(ld(b + 48), f64x2.mul(l30, z0)), f64x2.mul(l31, z1)), f64x2.mul(l32, z2));
  const z4 = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(ld(b + 64), f64x2.mul(l40, z0)), f64x2.mul(l41, z1)), f64x2.mul(l42, z2)), f64x2.mul(l43, z3));
  const z5 = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(ld(b + 80), f64x2.mul(l50, z0)), f64x2.mul(l51, z1)), f64x2.mul(l52, z2)), f64x2.mul(l53, z3)), f64x2.mul(l54, z4));
  const z6 = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(ld(b + 96), f64x2.mul(l60, z0)), f64x2.mul(l61, z1)), f64x2.mul(l62, z2)), f64x2.mul(l63, z3)), f64x2.mul(l64, z4)), f64x2.mul(l65, z5));
  const x6 = f64x2.mul(z6, i6);
  v128.store(b + 96, x6);
  const x5 = f64x2.sub(f64x2.mul(z5, i5), f64x2.mul(l65, x6));
  v128.store(b + 80, x5);
  const x4 = f64x2.sub(f64x2.sub(f64x2.mul(z4, i4), f64x2.mul(l54, x5)), f64x2.mul(l64, x6));
  v128.store(b + 64, x4);
  const x3 = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.mul(z3, i3), f64x2.mul(l43, x4)), f64x2.mul(l53, x5)), f64x2.mul(l63, x6));
  v128.store(b + 48, x3);
  const x2 = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(f64x2.mul(z2, i2), f64x2.mul(l32, x3)), f64x2.mul(l42, x4)), f64x2.mul(l52, x5)), f64x2.mul(l62, x6));
  v128.store(b + 32, x2);
  const x1 = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(f64x2.mul(z1, i1), f64x2.mul(l21, x2)), f64x2.mul(l31, x3)), f64x2.mul(l41, x4)), f64x2.mul(l51, x5)), f64x2.mul(l61, x6));
  v128.store(b + 16, x1);
  const x0 = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(f64x2.sub(f64x2.mul(z0, i0), f64x2.mul(l10, x1)), f64x2.mul(l20, x2)), f64x2.mul(l30, x3)), f64x2.mul(l40, x4)), f64x2.mul(l50, x5)), f64x2.mul(l60, x6));
  v128.store(b + 0, x0);
  return ok;
}
