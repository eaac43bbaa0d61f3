import type { CirculantSvd } from './circulantSvd';

/** What the WebAssembly oSVD kernel (assembly/perfusionKernel.ts) exports. */
export interface OsvdSimdExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  configure(L: number, n: number, usable: number, uT: number, vT: number, s: number, p: number, tissue: number, out: number, maxOscillation: number, sameValue: number): void;
  deconvolve(): number;
}

/** A deconvolution bound to one AIF's SVD: tissue on the grid (n) → residue in `out` (L); returns the components kept. */
export type OsvdFunction = (tissue: ArrayLike<number>, out: Float64Array) => number;

/** Must match deconvolveOsvd's. */
const SAME_VALUE = 1e-9;

/**
 * deconvolveOsvd on the WebAssembly SIMD kernel: the same steps, two grid samples per instruction,
 * the SVD copied into the kernel's memory once (here) and each voxel's curve in and residue out.
 * Sums run in another order than the JavaScript's, so results agree to rounding (~1e-15 relative),
 * not bit for bit. The kernel holds one SVD at a time: bind again (this) after binding another.
 */
export function bindOsvdSimd(kernel: OsvdSimdExports, svd: CirculantSvd, maxOscillation: number): OsvdFunction {
  const { L, n, s, uT, vT } = svd;
  if (L % 2) throw new RangeError('the SIMD oSVD needs an even L');
  const floor = s[0] * 1e-10;
  let usable = 0;
  while (usable < L && s[usable] > floor) usable++;
  const align = (b: number) => (b + 15) & ~15;
  const nPadded = (n + 3) & ~3; // the kernel's projection reads four samples a step
  const base = align(kernel.heapBase());
  const uAt = base;
  const vAt = align(uAt + L * L * 8);
  const sAt = align(vAt + L * L * 8);
  const pAt = align(sAt + L * 8);
  const tissueAt = align(pAt + L * 8);
  const outAt = align(tissueAt + nPadded * 8);
  const top = outAt + L * 8;
  const need = top - kernel.memory.buffer.byteLength;
  if (need > 0) kernel.memory.grow(Math.ceil(need / 65536));
  const mem = kernel.memory.buffer;
  new Float64Array(mem, uAt, L * L).set(uT);
  new Float64Array(mem, vAt, L * L).set(vT);
  new Float64Array(mem, sAt, L).set(s);
  const tissueView = new Float64Array(mem, tissueAt, nPadded).fill(0);
  const outView = new Float64Array(mem, outAt, L);
  kernel.configure(L, n, usable, uAt, vAt, sAt, pAt, tissueAt, outAt, maxOscillation, SAME_VALUE);
  return (tissue, out) => {
    for (let i = 0; i < n; i++) tissueView[i] = tissue[i];
    const kept = kernel.deconvolve();
    out.set(outView);
    return kept;
  };
}
