/**
 * The pixel-module fields a codec needs to turn one encoded frame into samples.
 * Values are the DICOM attributes of the file (Rows, Columns, BitsAllocated, ...), unchanged.
 */
export interface FrameLayout {
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  /** 0 unsigned, 1 two's complement (DICOM PixelRepresentation). */
  pixelRepresentation: number;
  samplesPerPixel: number;
  /** 0 colour-by-pixel, 1 colour-by-plane (only meaningful when samplesPerPixel > 1). */
  planarConfiguration: number;
}

/** Stored pixel values of one frame, before any rescale, rows × columns × samples long, row-major. */
export type DecodedSamples = Int16Array | Uint16Array | Uint8Array | Int8Array | Int32Array | Uint32Array | Float32Array;

/**
 * Decodes one frame of any transfer syntax. Core only knows this interface; the implementation over
 * Cornerstone's WASM codecs lives in `src/codecs/` so core stays free of platform and WASM loading.
 * The result must not alias codec memory (callers keep it while decoding the next frame).
 */
export interface FrameDecoder {
  decode(transferSyntaxUID: string, encoded: Uint8Array, info: FrameLayout): Promise<DecodedSamples>;
}
