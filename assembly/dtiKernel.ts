// WebAssembly SIMD kernel of the log-linear tensor fit (AssemblyScript, built by
// scripts/build-wasm.mjs; driven by src/core/dti/fitSlabSimd.ts, which documents the contract).
// Per chunk of up to `chunk` masked voxels (copied in by the driver, measurement-major), in blocks of
// NB: floored logs of the signals, OLS through the pseudo-inverse, `reweightings` weighted refits
// (weights = predicted signal², 28-entry normal equations, LDLᵀ solve), two voxels per f64x2
// instruction; then the RMS signal residual four voxels per f32x4 instruction, and the eigen-
// decomposition with S0 two voxels per instruction (eigenPass). Units as the JS
// kernel: tensor in µm²/ms (b·1e-3), x6 = ln S0, logs relative to the voxel's first (see fitSlab).
// Layout (byte offsets set by configure): per-measurement tables are row-major m×7 / m×28 f64 and
// m×6 f32 (the design's tensor columns, for the residual); chunk data is measurement-major: value of
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
let wts: usize = 0; // f64x2 scratch [m] weights, [m] weighted logs, 28 normal, 7 rhs
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

// Constants of the hot loops as v128 in linear memory, loaded where used: V8 builds a v128.const from
// immediates with three instructions each time one appears, a load is one (or folds into the use).
const KTAB: usize = memory.data(96 * 16, 16);
let kn: i32 = 0;
function kd(x: f64): usize { const at = KTAB + <usize>(kn++ << 4); v128.store(at, f64x2.splat(x)); return at; }
function kl(x: i64): usize { const at = KTAB + <usize>(kn++ << 4); v128.store(at, i64x2.splat(x)); return at; }
function kf(x: f32): usize { const at = KTAB + <usize>(kn++ << 4); v128.store(at, f32x4.splat(x)); return at; }
function ki(x: i32): usize { const at = KTAB + <usize>(kn++ << 4); v128.store(at, i32x4.splat(x)); return at; }

const ONE = kd(1.0);
const HALF = kd(0.5);
const LN2_HI = kd(0.6931471803691238);
const LN2_LO = kd(1.9082149292705877e-10);
// logV
const MANTISSA = kl(0x000FFFFFFFFFFFFF);
const EXP_ZERO = kl(0x3FF0000000000000);
const SQRT2 = kd(1.4142135623730951);
const E_BITS = kl(0x4330000000000000);
const E_BIAS = kd(4503599627370496.0 + 1023.0);
const TWO = kd(2.0);
const L15 = kd(1.0 / 15.0);
const L13 = kd(1.0 / 13.0);
const L11 = kd(1.0 / 11.0);
const L9 = kd(1.0 / 9.0);
const L7 = kd(1.0 / 7.0);
const L5 = kd(1.0 / 5.0);
const L3 = kd(1.0 / 3.0);
// expV
const X_MAX = kd(709.0);
const X_MIN = kd(-708.0);
const X_INF = kd(709.782712893384);
const INF = kd(Infinity);
const LOG2E = kd(1.4426950408889634);
const SHIFTER = kd(6755399441055744.0); // 1.5·2⁵²
const SHIFTER_BIAS = kl(0x4338000000000000 - 1023);
const E12 = kd(1.0 / 479001600.0);
const E11 = kd(1.0 / 39916800.0);
const E10 = kd(1.0 / 3628800.0);
const E9 = kd(1.0 / 362880.0);
const E8 = kd(1.0 / 40320.0);
const E7 = kd(1.0 / 5040.0);
const E6 = kd(1.0 / 720.0);
const E5 = kd(1.0 / 120.0);
const E4 = kd(1.0 / 24.0);
const E3 = kd(1.0 / 6.0);
// expF (Cephes expf)
const F_MAX = kf(88.0);
const F_MIN = kf(-87.0);
const F_LOG2E = kf(1.4426950408889634);
const F_SHIFTER = kf(12582912.0); // 1.5·2²³
const F_SHIFTER_BIAS = ki(0x4B400000 - 127);
const F_LN2_HI = kf(0.693359375);
const F_LN2_LO = kf(-2.12194440e-4);
const F_P0 = kf(1.9875691500e-4);
const F_P1 = kf(1.3981999507e-3);
const F_P2 = kf(8.3334519073e-3);
const F_P3 = kf(4.1665795894e-2);
const F_P4 = kf(1.6666665459e-1);
const F_P5 = kf(5.0000001201e-1);
const F_ONE = kf(1.0);
// minPositive
const F_ZERO = kf(0.0);
const F_INF = kf(Infinity);

// eigenPass
const THIRD = kd(1.0 / 3.0);
const SIXTH = kd(1.0 / 6.0);
const MINUS_ONE = kd(-1.0);
const HALF_PI = kd(Math.PI / 2);
const PI = kd(Math.PI);
const SIN_2PI_3 = kd(0.8660254037844386);
const TINY = kd(1e-20);
const MIN_VALUE = kd(5e-324);
const ABS = kl(0x7FFFFFFFFFFFFFFF);
// asin(x) = x + x·z·P(z), z = x² ≤ ¼: least squares on Chebyshev nodes, |error| < 5e-14.
const AS0 = kd(0.1666666666601395);
const AS1 = kd(0.07500000159159297);
const AS2 = kd(0.044642742869734575);
const AS3 = kd(0.030385690461817428);
const AS4 = kd(0.022305241653568755);
const AS5 = kd(0.018061022458906534);
const AS6 = kd(0.009374202235876325);
const AS7 = kd(0.029627024079865314);
const AS8 = kd(-0.030849806426785305);
const AS9 = kd(0.05141572148153227);
// cos and sin series on [0, π/3] to φ¹⁶ / φ¹⁷ (truncation < 4e-16).
const C8 = kd(1.0 / 20922789888000.0);
const C7 = kd(-1.0 / 87178291200.0);
const C6 = kd(1.0 / 479001600.0);
const C5 = kd(-1.0 / 3628800.0);
const C4 = kd(1.0 / 40320.0);
const C3 = kd(-1.0 / 720.0);
const C2 = kd(1.0 / 24.0);
const C1 = kd(-0.5);
const S8 = kd(1.0 / 355687428096000.0);
const S7 = kd(-1.0 / 1307674368000.0);
const S6 = kd(1.0 / 6227020800.0);
const S5 = kd(-1.0 / 39916800.0);
const S4 = kd(1.0 / 362880.0);
const S3 = kd(-1.0 / 5040.0);
const S2 = kd(1.0 / 120.0);
const S1 = kd(-1.0 / 6.0);

@inline function k(p: usize): v128 { return v128.load(p); }
@inline function ld(p: usize): v128 { return v128.load(p); }
@inline function sp(p: usize): v128 { return v128.load64_splat(p); }

// ln x for positive x (f64 lanes): x = 2^e·f, f in [√½, √2), ln f = 2 atanh(s), s = (f−1)/(f+1), |s| ≤ 0.1716.
@inline function logV(x: v128): v128 {
  let f = v128.or(v128.and(x, k(MANTISSA)), k(EXP_ZERO));
  let eb = i64x2.shr_u(x, 52);
  const big = f64x2.gt(f, k(SQRT2));
  f = v128.bitselect(f64x2.mul(f, k(HALF)), f, big);
  eb = i64x2.sub(eb, big); // big is all-ones (−1) where halved: exponent + 1
  const e = f64x2.sub(v128.or(eb, k(E_BITS)), k(E_BIAS));
  const s = f64x2.div(f64x2.sub(f, k(ONE)), f64x2.add(f, k(ONE)));
  const z = f64x2.mul(s, s);
  let p = k(L15);
  p = f64x2.add(f64x2.mul(p, z), k(L13));
  p = f64x2.add(f64x2.mul(p, z), k(L11));
  p = f64x2.add(f64x2.mul(p, z), k(L9));
  p = f64x2.add(f64x2.mul(p, z), k(L7));
  p = f64x2.add(f64x2.mul(p, z), k(L5));
  p = f64x2.add(f64x2.mul(p, z), k(L3));
  p = f64x2.add(f64x2.mul(p, z), k(ONE));
  const lnf = f64x2.mul(f64x2.mul(s, k(TWO)), p);
  return f64x2.add(f64x2.add(f64x2.mul(e, k(LN2_HI)), f64x2.mul(e, k(LN2_LO))), lnf);
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

function fitBlock(c0: i32, nb: i32): void {
  const mm = m;
  const ch = chunk;
  // logs of the block, floored
  let low = f64x2.splat(0);
  for (let i = 0; i < mm; i++) {
    const rowS = sig + <usize>(i * ch + c0) * 4;
    const rowL = logs + <usize>(i * NB) * 8;
    for (let c = 0; c < nb; c += 2) {
      const s = f64x2.promote_low_f32x4(v128.load64_zero(rowS + <usize>c * 4));
      const above = f64x2.gt(s, floorV);
      low = v128.or(low, v128.not(above));
      let y = v128.bitselect(logV(s), logFloorV, above);
      y = v128.bitselect(s, y, f64x2.eq(s, k(INF)));
      v128.store(rowL + <usize>c * 8, y);
    }
  }
  atFloor = v128.or(atFloor, low);
  const wy = wts + <usize>mm * 16;
  const nrm = wy + <usize>mm * 16;
  const rhs = nrm + 28 * 16;
  const row = <usize>ch * 8;
  for (let c = 0; c < nb; c += 2) {
    const cl = logs + <usize>c * 8;
    const yRef = ld(cl);
    let x0 = f64x2.splat(0), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0;
    for (let i = 0; i < mm; i++) {
      const y = f64x2.sub(ld(cl + <usize>(i * NB) * 8), yRef);
      const r = pinvT + <usize>i * 56;
      x0 = f64x2.add(x0, f64x2.mul(sp(r), y));
      x1 = f64x2.add(x1, f64x2.mul(sp(r + 8), y));
      x2 = f64x2.add(x2, f64x2.mul(sp(r + 16), y));
      x3 = f64x2.add(x3, f64x2.mul(sp(r + 24), y));
      x4 = f64x2.add(x4, f64x2.mul(sp(r + 32), y));
      x5 = f64x2.add(x5, f64x2.mul(sp(r + 40), y));
      x6 = f64x2.add(x6, f64x2.mul(sp(r + 48), y));
    }
    let ok = f64x2.eq(x0, x0); // all ones
    for (let it = 0; it < reweightings; it++) {
      // x6 is relative to yRef here
      for (let i = 0; i < mm; i++) {
        const r = design + <usize>i * 56;
        const e = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(sp(r), x0), f64x2.mul(sp(r + 8), x1)), f64x2.add(f64x2.mul(sp(r + 16), x2), f64x2.mul(sp(r + 24), x3))),
          f64x2.add(f64x2.add(f64x2.mul(sp(r + 32), x4), f64x2.mul(sp(r + 40), x5)), f64x2.add(x6, yRef)));
        const p = expV(e);
        const wi = f64x2.mul(p, p);
        v128.store(wts + <usize>i * 16, wi);
        v128.store(wy + <usize>i * 16, f64x2.mul(wi, f64x2.sub(ld(cl + <usize>(i * NB) * 8), yRef)));
      }
      for (let q = 0; q < 28; q += 7) {
        let a0 = f64x2.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0;
        for (let i = 0; i < mm; i++) {
          const wi = ld(wts + <usize>i * 16);
          const r = products + <usize>(i * 28 + q) * 8;
          a0 = f64x2.add(a0, f64x2.mul(sp(r), wi));
          a1 = f64x2.add(a1, f64x2.mul(sp(r + 8), wi));
          a2 = f64x2.add(a2, f64x2.mul(sp(r + 16), wi));
          a3 = f64x2.add(a3, f64x2.mul(sp(r + 24), wi));
          a4 = f64x2.add(a4, f64x2.mul(sp(r + 32), wi));
          a5 = f64x2.add(a5, f64x2.mul(sp(r + 40), wi));
          a6 = f64x2.add(a6, f64x2.mul(sp(r + 48), wi));
        }
        const o = nrm + <usize>q * 16;
        v128.store(o, a0); v128.store(o + 16, a1); v128.store(o + 32, a2); v128.store(o + 48, a3);
        v128.store(o + 64, a4); v128.store(o + 80, a5); v128.store(o + 96, a6);
      }
      let r0 = f64x2.splat(0), r1 = r0, r2 = r0, r3 = r0, r4 = r0, r5 = r0, r6 = r0;
      for (let i = 0; i < mm; i++) {
        const v = ld(wy + <usize>i * 16);
        const r = design + <usize>i * 56;
        r0 = f64x2.add(r0, f64x2.mul(sp(r), v));
        r1 = f64x2.add(r1, f64x2.mul(sp(r + 8), v));
        r2 = f64x2.add(r2, f64x2.mul(sp(r + 16), v));
        r3 = f64x2.add(r3, f64x2.mul(sp(r + 24), v));
        r4 = f64x2.add(r4, f64x2.mul(sp(r + 32), v));
        r5 = f64x2.add(r5, f64x2.mul(sp(r + 40), v));
        r6 = f64x2.add(r6, v);
      }
      v128.store(rhs, r0); v128.store(rhs + 16, r1); v128.store(rhs + 32, r2); v128.store(rhs + 48, r3);
      v128.store(rhs + 64, r4); v128.store(rhs + 80, r5); v128.store(rhs + 96, r6);
      ok = v128.and(ok, solve7(nrm, rhs));
      x0 = ld(rhs); x1 = ld(rhs + 16); x2 = ld(rhs + 32); x3 = ld(rhs + 48); x4 = ld(rhs + 64); x5 = ld(rhs + 80); x6 = ld(rhs + 96);
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
  for (let c = 0; c < n; c += 4) {
    const o = out + <usize>c * 8;
    // The four voxels' tensors and S0 as f32x4, stored once and loaded in the loop: kept as locals,
    // the optimiser sinks their single-use computation (an f64 exponential, twelve conversions)
    // into the loop body, to be redone for every measurement.
    const t = wts;
    for (let j = 0; j < 6; j++) v128.store(t + <usize>j * 16, demote4(o + <usize>j * row));
    v128.store(t + 96, v128.shuffle<i64>(f32x4.demote_f64x2_zero(expV(ld(o + 6 * row))), f32x4.demote_f64x2_zero(expV(ld(o + 6 * row + 16))), 0, 2));
    let ssLo = f64x2.splat(0), ssHi = ssLo;
    for (let i = 0; i < mm; i++) {
      const r = designF32 + <usize>i * 24;
      const e = f32x4.add(
        f32x4.add(f32x4.add(f32x4.mul(v128.load32_splat(r), ld(t)), f32x4.mul(v128.load32_splat(r + 4), ld(t + 16))), f32x4.add(f32x4.mul(v128.load32_splat(r + 8), ld(t + 32)), f32x4.mul(v128.load32_splat(r + 12), ld(t + 48)))),
        f32x4.add(f32x4.mul(v128.load32_splat(r + 16), ld(t + 64)), f32x4.mul(v128.load32_splat(r + 20), ld(t + 80))));
      const d = f32x4.sub(v128.load(sig + <usize>(i * ch + c) * 4), f32x4.mul(ld(t + 96), expF(e)));
      const lo = f64x2.promote_low_f32x4(d);
      const hi = f64x2.promote_low_f32x4(v128.shuffle<i64>(d, d, 1, 0));
      ssLo = f64x2.add(ssLo, f64x2.mul(lo, lo));
      ssHi = f64x2.add(ssHi, f64x2.mul(hi, hi));
    }
    v128.store(o + 7 * row, f64x2.sqrt(f64x2.mul(ssLo, invM)));
    v128.store(o + 7 * row + 16, f64x2.sqrt(f64x2.mul(ssHi, invM)));
  }
}

// LDLᵀ solve of the packed 7×7 normal equations in both lanes; returns the lanes whose pivots were all > 0.
function solve7(a: usize, b: usize): v128 {
  let ok = i64x2.splat(-1);
  for (let j = 0, jj = 0; j < 7; j++, jj += j) {
    let d = ld(a + <usize>(jj + j) * 16);
    for (let q = 0, qq = 0; q < j; q++, qq += q) {
      const ljq = ld(a + <usize>(jj + q) * 16);
      d = f64x2.sub(d, f64x2.mul(f64x2.mul(ljq, ljq), ld(a + <usize>(qq + q) * 16)));
    }
    ok = v128.and(ok, f64x2.gt(d, f64x2.splat(0)));
    v128.store(a + <usize>(jj + j) * 16, d);
    const inv = f64x2.div(k(ONE), d);
    for (let i = j + 1, ii = jj + j + 1; i < 7; i++, ii += i) {
      let s = ld(a + <usize>(ii + j) * 16);
      for (let q = 0, qq = 0; q < j; q++, qq += q) s = f64x2.sub(s, f64x2.mul(f64x2.mul(ld(a + <usize>(ii + q) * 16), ld(a + <usize>(qq + q) * 16)), ld(a + <usize>(jj + q) * 16)));
      v128.store(a + <usize>(ii + j) * 16, f64x2.mul(s, inv));
    }
  }
  for (let i = 1, ii = 1; i < 7; i++, ii += i) {
    let s = ld(b + <usize>i * 16);
    for (let q = 0; q < i; q++) s = f64x2.sub(s, f64x2.mul(ld(a + <usize>(ii + q) * 16), ld(b + <usize>q * 16)));
    v128.store(b + <usize>i * 16, s);
  }
  for (let i = 6; i >= 0; i--) {
    const ii = (i * (i + 1)) / 2;
    let s = f64x2.div(ld(b + <usize>i * 16), ld(a + <usize>(ii + i) * 16));
    for (let q = i + 1, qq = (q * (q + 1)) / 2; q < 7; q++, qq += q) s = f64x2.sub(s, f64x2.mul(ld(a + <usize>(qq + i) * 16), ld(b + <usize>q * 16)));
    v128.store(b + <usize>i * 16, s);
  }
  return ok;
}
