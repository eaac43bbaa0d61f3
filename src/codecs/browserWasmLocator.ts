import charlsWasm from '@cornerstonejs/codec-charls/decodewasm?url';
import jpegWasm from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url';
import openjpegWasm from '@cornerstonejs/codec-openjpeg/decodewasm?url';
import openjphWasm from '@cornerstonejs/codec-openjph/wasm?url';
import type { WasmLocator } from './createFrameDecoder';

/**
 * Vite-emitted URLs of the codec .wasm files, for `createFrameDecoder(browserWasmLocator)` in the
 * renderer and web workers (Node needs no locator). `?url` makes Vite copy each file into the build.
 */
const urls: Record<string, string> = {
  'charlswasm_decode.wasm': charlsWasm,
  'libjpegturbowasm_decode.wasm': jpegWasm,
  'openjpegwasm_decode.wasm': openjpegWasm,
  'openjphjs.wasm': openjphWasm,
};

export const browserWasmLocator: WasmLocator = (name) => {
  const url = urls[name];
  if (!url) throw new Error(`no bundled URL for ${name}`);
  return url;
};
