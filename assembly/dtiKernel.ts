// WebAssembly SIMD kernel of the log-linear tensor fit (AssemblyScript, built by
// scripts/build-wasm.mjs; driven by src/core/dti/fitSlabSimd.ts, which documents the contract).
// Per block of up to NB masked voxels, two voxels per f64x2 instruction: floored logs of the
// signals, OLS through the pseudo-inverse, `reweightings` weighted refits (weights = predicted
// signal², 28-entry normal equations, LDLᵀ solve) and the RMS signal residual. Units as the JS
// kernel: tensor in µm²/ms (b·1e-3), x6 = ln S0, logs relative to the voxel's first (see fitSlab).
// Layout (byte offsets set by configure): per-measurement tables are row-major m×7 / m×28 f64;
// block data is measurement-major: value of measurement i for block voxel c at [i·NB + c], so the
// JS gather writes contiguously and each lane pair is one 16-byte load. Odd blocks compute a
// garbage last lane that is never read.

const NB: i32 = 64;

let m: i32 = 0;
let reweightings: i32 = 0;
let residualRows: i32 = 0;
let pinvT: usize = 0;
let design: usize = 0;
let products: usize = 0;
let sig: usize = 0; // f32 [m·NB]
let logs: usize = 0; // f64 [m·NB]
let wts: usize = 0; // f64x2 scratch [m] weights, [m] weighted logs, 28 normal, 7 rhs
let out: usize = 0; // f64 [9·NB]: x0..x6 (x6 = ln S0), residual, ok (1 = every pivot > 0)
let floorV: v128 = f64x2.splat(0);
let logFloorV: v128 = f64x2.splat(0);

export function configure(mm: i32, rw: i32, resid: i32, pinvPtr: usize, designPtr: usize, productsPtr: usize, sigPtr: usize, logPtr: usize, wPtr: usize, outPtr: usize, floor: f64, logFloor: f64): void {
  m = mm; reweightings = rw; residualRows = resid ? mm : 0;
  pinvT = pinvPtr; design = designPtr; products = productsPtr; sig = sigPtr; logs = logPtr; wts = wPtr; out = outPtr;
  floorV = f64x2.splat(floor); logFloorV = f64x2.splat(logFloor);
}

export function heapBase(): usize { return __heap_base; }

// ln x for positive x (f64 lanes): x = 2^e·f, f in [√½, √2), ln f = 2 atanh(s), s = (f−1)/(f+1), |s| ≤ 0.1716.
function logV(x: v128): v128 {
  const bits = x;
  let f = v128.or(v128.and(bits, i64x2.splat(0x000FFFFFFFFFFFFF)), i64x2.splat(0x3FF0000000000000));
  let eb = i64x2.shr_u(bits, 52);
  const big = f64x2.gt(f, f64x2.splat(1.4142135623730951));
  f = v128.bitselect(f64x2.mul(f, f64x2.splat(0.5)), f, big);
  eb = i64x2.sub(eb, big); // big is all-ones (−1) where halved: exponent + 1
  const e = f64x2.sub(v128.or(eb, i64x2.splat(0x4330000000000000)), f64x2.splat(4503599627370496.0 + 1023.0));
  const s = f64x2.div(f64x2.sub(f, f64x2.splat(1.0)), f64x2.add(f, f64x2.splat(1.0)));
  const z = f64x2.mul(s, s);
  let p = f64x2.splat(1.0 / 15.0);
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 13.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 11.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 9.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 7.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 5.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 3.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0));
  const lnf = f64x2.mul(f64x2.mul(s, f64x2.splat(2.0)), p);
  return f64x2.add(f64x2.add(f64x2.mul(e, f64x2.splat(0.6931471803691238)), f64x2.mul(e, f64x2.splat(1.9082149292705877e-10))), lnf);
}

// eˣ: x = (k/4)·ln2 + r, |r| ≤ ln2/8, eʳ by its series to r⁸ (relative error < 1e-14), 2^(k/4) from the
// exponent bits and two selects of 2^¼, 2^½. +Inf above 709.78, 0 below −708, NaN kept (pmin/pmax
// pass NaN through, and trunc_sat maps it to k = 0). Unlike expFast, 709 < x < 709.78 gives e⁷⁰⁹ and
// x < −708 gives 0 rather than a subnormal: only weights (S² ~ e²⁰ at most) and signal predictions
// pass through here, far from both ends.
function expV(x: v128): v128 {
  const xc = f64x2.pmax(f64x2.pmin(x, f64x2.splat(709.0)), f64x2.splat(-708.0));
  const k = f64x2.nearest(f64x2.mul(xc, f64x2.splat(5.7707801635558535)));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(k, f64x2.splat(0.1732867956161499))), f64x2.mul(k, f64x2.splat(-4.76163574989442e-10)));
  let p = f64x2.splat(1.0 / 40320.0);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  const ki = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(k));
  const q1 = v128.and(ki, i64x2.splat(1));
  const q2 = v128.and(ki, i64x2.splat(2));
  p = f64x2.mul(p, v128.bitselect(f64x2.splat(1.189207115002721), f64x2.splat(1.0), i64x2.ne(q1, i64x2.splat(0))));
  p = f64x2.mul(p, v128.bitselect(f64x2.splat(1.4142135623730951), f64x2.splat(1.0), i64x2.ne(q2, i64x2.splat(0))));
  let y = i64x2.add(p, i64x2.shl(i64x2.shr_s(ki, 2), 52));
  y = v128.bitselect(f64x2.splat(Infinity), y, f64x2.gt(x, f64x2.splat(709.782712893384)));
  return v128.bitselect(f64x2.splat(0.0), y, f64x2.lt(x, f64x2.splat(-708.0)));
}

function ld(p: usize): v128 { return v128.load(p); }
function sp(p: usize): v128 { return v128.load64_splat(p); }

export function fitBlock(nb: i32): void {
  const mm = m;
  // logs of the block, floored
  for (let i = 0; i < mm; i++) {
    const rowS = sig + <usize>(i * NB) * 4;
    const rowL = logs + <usize>(i * NB) * 8;
    for (let c = 0; c < nb; c += 2) {
      const s = f64x2.promote_low_f32x4(v128.load64_zero(rowS + <usize>c * 4));
      const above = f64x2.gt(s, floorV);
      let y = v128.bitselect(logV(s), logFloorV, above);
      y = v128.bitselect(s, y, f64x2.eq(s, f64x2.splat(Infinity)));
      v128.store(rowL + <usize>c * 8, y);
    }
  }
  const wy = wts + <usize>mm * 16;
  const nrm = wy + <usize>mm * 16;
  const rhs = nrm + 28 * 16;
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
    let ss = f64x2.splat(0);
    const cs = sig + <usize>c * 4;
    for (let i = 0; i < residualRows; i++) {
      const r = design + <usize>i * 56;
      const e = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(sp(r), x0), f64x2.mul(sp(r + 8), x1)), f64x2.add(f64x2.mul(sp(r + 16), x2), f64x2.mul(sp(r + 24), x3))),
        f64x2.add(f64x2.add(f64x2.mul(sp(r + 32), x4), f64x2.mul(sp(r + 40), x5)), x6));
      const s = f64x2.promote_low_f32x4(v128.load64_zero(cs + <usize>(i * NB) * 4));
      const d = f64x2.sub(s, expV(e));
      ss = f64x2.add(ss, f64x2.mul(d, d));
    }
    const oc = out + <usize>c * 8;
    v128.store(oc, x0);
    v128.store(oc + NB * 8, x1);
    v128.store(oc + 2 * NB * 8, x2);
    v128.store(oc + 3 * NB * 8, x3);
    v128.store(oc + 4 * NB * 8, x4);
    v128.store(oc + 5 * NB * 8, x5);
    v128.store(oc + 6 * NB * 8, x6);
    v128.store(oc + 7 * NB * 8, f64x2.sqrt(f64x2.div(ss, f64x2.splat(<f64>mm))));
    v128.store(oc + 8 * NB * 8, v128.and(ok, f64x2.splat(1.0)));
  }
}

// LDLᵀ solve of the packed 7×7 normal equations in both lanes; returns the lanes whose pivots were all > 0.
function solve7(a: usize, b: usize): v128 {
  let ok = i64x2.splat(-1);
  for (let j = 0, jj = 0; j < 7; j++, jj += j) {
    let d = ld(a + <usize>(jj + j) * 16);
    for (let k = 0, kk = 0; k < j; k++, kk += k) {
      const ljk = ld(a + <usize>(jj + k) * 16);
      d = f64x2.sub(d, f64x2.mul(f64x2.mul(ljk, ljk), ld(a + <usize>(kk + k) * 16)));
    }
    ok = v128.and(ok, f64x2.gt(d, f64x2.splat(0)));
    v128.store(a + <usize>(jj + j) * 16, d);
    const inv = f64x2.div(f64x2.splat(1.0), d);
    for (let i = j + 1, ii = jj + j + 1; i < 7; i++, ii += i) {
      let s = ld(a + <usize>(ii + j) * 16);
      for (let k = 0, kk = 0; k < j; k++, kk += k) s = f64x2.sub(s, f64x2.mul(f64x2.mul(ld(a + <usize>(ii + k) * 16), ld(a + <usize>(kk + k) * 16)), ld(a + <usize>(jj + k) * 16)));
      v128.store(a + <usize>(ii + j) * 16, f64x2.mul(s, inv));
    }
  }
  for (let i = 1, ii = 1; i < 7; i++, ii += i) {
    let s = ld(b + <usize>i * 16);
    for (let k = 0; k < i; k++) s = f64x2.sub(s, f64x2.mul(ld(a + <usize>(ii + k) * 16), ld(b + <usize>k * 16)));
    v128.store(b + <usize>i * 16, s);
  }
  for (let i = 6; i >= 0; i--) {
    const ii = (i * (i + 1)) / 2;
    let s = f64x2.div(ld(b + <usize>i * 16), ld(a + <usize>(ii + i) * 16));
    for (let k = i + 1, kk = (k * (k + 1)) / 2; k < 7; k++, kk += k) s = f64x2.sub(s, f64x2.mul(ld(a + <usize>(kk + i) * 16), ld(b + <usize>k * 16)));
    v128.store(b + <usize>i * 16, s);
  }
  return ok;
}
