/**
 * Types for Cornerstone's Emscripten codec factories (the packages ship none). Each factory
 * resolves to a module whose decoder class copies the encoded stream into WASM memory
 * (`getEncodedBuffer`), decodes, and exposes the result as a view into WASM memory (`getDecodedBuffer`).
 */
interface CsCodecFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}
interface CsWasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): CsCodecFrameInfo;
  getDecodedBuffer(): Uint8Array;
  delete?(): void;
}
interface CsHtj2kDecoder extends CsWasmDecoder {
  decodeSubResolution(level: number): void;
}
interface CsCodecFactoryOptions {
  locateFile?: (file: string, scriptDirectory: string) => string;
  print?: (text: string) => void;
}

declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: (opts?: CsCodecFactoryOptions) => Promise<{ JPEGDecoder: new () => CsWasmDecoder }>;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (opts?: CsCodecFactoryOptions) => Promise<{ JpegLSDecoder: new () => CsWasmDecoder }>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (opts?: CsCodecFactoryOptions) => Promise<{ J2KDecoder: new () => CsWasmDecoder }>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjph/wasmjs' {
  const factory: (opts?: CsCodecFactoryOptions) => Promise<{ HTJ2KDecoder: new () => CsHtj2kDecoder }>;
  export default factory;
}
