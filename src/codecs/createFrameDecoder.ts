import type { DecodedSamples, FrameDecoder, FrameLayout } from '../core/dicom/pixels/FrameDecoder';
import { decodeNativeFrame } from '../core/dicom/pixels/decodeNativeFrame';
import { TransferSyntax } from '../core/dicom/pixels/transferSyntax';
import { decodeRle } from './decodeRle';

/**
 * Where each codec's .wasm lives, by file name (e.g. 'charlswasm_decode.wasm'). Omit in Node:
 * Emscripten then reads the file next to its JS loader through `fs`. Bundled builds must pass
 * the URLs the bundler emitted (see `browserWasmLocator.ts`), because after bundling the loader
 * no longer sits next to its .wasm.
 */
export type WasmLocator = (wasmFileName: string) => string;

interface WasmCodec {
  decode(encoded: Uint8Array): { bytes: Uint8Array; bitsPerSample: number };
}

/**
 * The FrameDecoder over Cornerstone's codecs, identical in Node (CLI, tests) and browser workers:
 * JPEG baseline → libjpeg-turbo; JPEG lossless → jpeg-lossless-decoder-js; JPEG-LS → CharLS;
 * JPEG 2000 → OpenJPEG; HTJ2K → OpenJPH; RLE → `decodeRle`; native syntaxes → core's byte reader.
 * Each WASM module is loaded on first use and reused (one decoder per module: decode is synchronous,
 * so calls cannot interleave within one thread).
 */
export function createFrameDecoder(locateWasm?: WasmLocator): FrameDecoder {
  const loaded = new Map<string, Promise<WasmCodec>>();
  const once = (key: string, load: () => Promise<WasmCodec>): Promise<WasmCodec> => {
    let p = loaded.get(key);
    if (!p) {
      p = load();
      p.catch(() => loaded.delete(key));
      loaded.set(key, p);
    }
    return p;
  };
  // OpenJPEG logs every decoded header through Emscripten's print; errors still reach printErr/exceptions.
  const factoryOptions = (wasm: string) => ({
    print: () => undefined,
    ...(locateWasm ? { locateFile: (f: string) => (f.endsWith('.wasm') ? locateWasm(wasm) : f) } : {}),
  });

  const codecFor = (uid: string): Promise<WasmCodec> | null => {
    switch (uid) {
      case TransferSyntax.jpegBaseline8:
        return once('jpeg', async () => {
          const factory = (await import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs')).default;
          const mod = await factory(factoryOptions('libjpegturbowasm_decode.wasm'));
          return wrap(new mod.JPEGDecoder());
        });
      case TransferSyntax.jpegLsLossless:
      case TransferSyntax.jpegLsNearLossless:
        return once('jpegls', async () => {
          const factory = (await import('@cornerstonejs/codec-charls/decodewasmjs')).default;
          const mod = await factory(factoryOptions('charlswasm_decode.wasm'));
          return wrap(new mod.JpegLSDecoder());
        });
      case TransferSyntax.jpeg2000Lossless:
      case TransferSyntax.jpeg2000:
        return once('j2k', async () => {
          const factory = (await import('@cornerstonejs/codec-openjpeg/decodewasmjs')).default;
          const mod = await factory(factoryOptions('openjpegwasm_decode.wasm'));
          return wrap(new mod.J2KDecoder());
        });
      case TransferSyntax.htj2kLossless:
      case TransferSyntax.htj2kLosslessRpcl:
      case TransferSyntax.htj2k:
        return once('htj2k', async () => {
          const factory = (await import('@cornerstonejs/codec-openjph/wasmjs')).default;
          const mod = await factory(factoryOptions('openjphjs.wasm'));
          return {
            decode(encoded) {
              // OpenJPH decoders hold per-stream state: a fresh one per frame, freed after copying out.
              const decoder = new mod.HTJ2KDecoder();
              try {
                decoder.getEncodedBuffer(encoded.length).set(encoded);
                decoder.decodeSubResolution(0);
                return { bytes: decoder.getDecodedBuffer().slice(), bitsPerSample: decoder.getFrameInfo().bitsPerSample };
              } finally {
                decoder.delete?.();
              }
            },
          };
        });
      default:
        return null;
    }
  };

  return {
    async decode(uid: string, encoded: Uint8Array, info: FrameLayout): Promise<DecodedSamples> {
      if (uid === TransferSyntax.rle) return asSamples(decodeRle(encoded, info), info);
      if (uid === TransferSyntax.jpegLossless14 || uid === TransferSyntax.jpegLosslessSV1) {
        const { Decoder } = await import('@cornerstonejs/jpeg-lossless-decoder-js');
        // The decoder reads from an ArrayBuffer at an offset; a private copy keeps file buffers untouched.
        const own = encoded.slice();
        const out = new Decoder().decode(own.buffer, 0, own.length, info.bitsAllocated <= 8 ? 1 : 2);
        return asSamples(new Uint8Array(out.buffer, out.byteOffset, out.byteLength), info);
      }
      const codec = codecFor(uid);
      if (!codec) throw new Error(`transfer syntax ${uid} is not supported`);
      const { bytes, bitsPerSample } = (await codec).decode(encoded);
      if (bitsPerSample > info.bitsAllocated) throw new Error(`codec produced ${bitsPerSample}-bit samples for BitsAllocated ${info.bitsAllocated}`);
      return asSamples(bytes, info);
    },
  };
}

/** A reused WASM decoder whose output is copied out of WASM memory before the next call. */
function wrap(decoder: CsWasmDecoder): WasmCodec {
  return {
    decode(encoded) {
      decoder.getEncodedBuffer(encoded.length).set(encoded);
      decoder.decode();
      return { bytes: decoder.getDecodedBuffer().slice(), bitsPerSample: decoder.getFrameInfo().bitsPerSample };
    },
  };
}

/**
 * Codecs emit little-endian samples of BitsAllocated width (8 or 16); typed by PixelRepresentation
 * and checked for length by core's native reader, which also clears bits above BitsStored.
 */
function asSamples(bytes: Uint8Array, info: FrameLayout): DecodedSamples {
  const expected = info.rows * info.columns * info.samplesPerPixel * (info.bitsAllocated / 8);
  if (bytes.length !== expected) throw new Error(`decoded ${bytes.length} bytes, expected ${expected} (${info.rows}×${info.columns})`);
  return decodeNativeFrame(bytes, info, false);
}
