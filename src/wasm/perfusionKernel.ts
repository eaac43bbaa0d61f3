import type { OsvdSimdExports } from '../core/perfusion/deconvolveOsvdSimd';
import { PERFUSION_KERNEL_WASM_BASE64 } from './perfusionKernelWasm';

let cached: OsvdSimdExports | null | undefined;

/**
 * This thread's instance of the WebAssembly SIMD oSVD kernel, or null where it cannot run (no
 * WebAssembly SIMD, or a CSP without 'wasm-unsafe-eval'): the JavaScript deconvolveOsvd then does
 * the work. Compiled synchronously (< 2 KB) once per thread; each thread has its own memory.
 */
export function perfusionSimdKernel(): OsvdSimdExports | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    const binary = atob(PERFUSION_KERNEL_WASM_BASE64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    if (WebAssembly.validate(bytes)) {
      cached = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as OsvdSimdExports;
    }
  } catch {
    // WebAssembly missing or refused (CSP): the JavaScript kernel does the work.
  }
  return cached;
}
