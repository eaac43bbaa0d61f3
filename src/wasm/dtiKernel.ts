import type { SimdKernelExports } from '../core/dti/fitSlabSimd';
import { DTI_KERNEL_WASM_BASE64 } from './dtiKernelWasm';

let cached: SimdKernelExports | null | undefined;

/**
 * This thread's instance of the WebAssembly SIMD tensor-fit kernel, or null where it cannot run
 * (no WebAssembly SIMD, or a CSP without 'wasm-unsafe-eval'): callers then use the JavaScript
 * kernel. Compiled synchronously (the module is < 4 KB, under Chromium's main-thread limit too)
 * once per thread; each thread has its own linear memory.
 */
export function dtiSimdKernel(): SimdKernelExports | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    const binary = atob(DTI_KERNEL_WASM_BASE64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    if (WebAssembly.validate(bytes)) {
      cached = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as SimdKernelExports;
    }
  } catch {
    // WebAssembly missing or refused (CSP): the JavaScript kernel does the work.
  }
  return cached;
}
