import dicomParser from 'dicom-parser';
import { BoundedInflate } from '../boundedInflate';
import { DicomError } from '../errors';
import { parseExplicitLittleEndian, readPart10HeaderFast } from '../parseExplicitLittleEndian';
import { MAX_HEADER_BYTES, parseHeader } from '../parseHeader';
import { asPart10 } from './asPart10';
import { readPixelModule } from './readPixelModule';
import { TransferSyntax } from './transferSyntax';
import { frameByteLength, validatePixelLayout } from './validatePixelLayout';

const PIXEL_DATA = 'x7fe00010';

/**
 * Full parse of one file in any layout the indexer accepts (see asPart10), pixel data included
 * (dicom-parser keeps element offsets, it does not copy; explicit little endian by its faster
 * equivalent, parseExplicitLittleEndian). Deflated files are inflated here with
 * fflate: dicom-parser 1.8's own deflate path re-parses the inflated buffer from byte 0 (the
 * preamble) and fails, and needs Node's zlib or a global pako anyway.
 */
export function parseDicomFile(file: string, original: Uint8Array): dicomParser.DataSet {
  let ds: dicomParser.DataSet;
  try {
    const bytes = asPart10(original);
    if (!bytes) throw new Error('no DICM magic and no group 0008 data set');
    const meta = readPart10HeaderFast(bytes) ?? dicomParser.readPart10Header(bytes);
    const syntax = (meta.string('x00020010') ?? '').replace(/\0/g, '').trim();
    ds = syntax === TransferSyntax.deflatedExplicitLittle ? parseDeflated(file, bytes, meta) : (parseExplicitLittleEndian(bytes, meta) ?? dicomParser.parseDicom(bytes));
  } catch (err) {
    if (err instanceof DicomError) throw err;
    throw new DicomError(file, `not a readable DICOM file: ${describe(err)}`);
  }
  assertValuesInside(file, ds, ds.byteArray.length);
  return ds;
}

/**
 * dicom-parser's implicit-VR reader seeks past the end of a truncated file without complaint, leaving
 * elements whose value lies beyond the buffer; reading one later throws a bare string. Rejected here
 * instead, naming the element. Pixel Data is left to validatePixelLayout, which reports it in pixel terms.
 */
function assertValuesInside(file: string, ds: dicomParser.DataSet, end: number): void {
  for (const element of Object.values(ds.elements)) {
    if (element.tag === PIXEL_DATA) continue;
    if (element.dataOffset + element.length > end) {
      throw new DicomError(file, `truncated: element ${element.tag} needs ${element.dataOffset + element.length} bytes, file has ${end}`);
    }
    for (const item of element.items ?? []) if (item.dataSet) assertValuesInside(file, item.dataSet, end);
  }
}

/** Bytes a deflated data set may hold after its pixel data (padding, signatures) before it is refused. */
const TRAILING_BYTES = 1 << 20;

/**
 * Meta header bytes kept in place followed by the raw-inflated data set, parsed as explicit little
 * endian from the end of the meta header; the meta elements keep their offsets into the same buffer.
 * Inflated no further than its header (read first, as the indexer does, bounded) says it needs: its
 * Pixel Data, no longer than the validated pixel module's bytes, plus a little trailing data. A
 * stream inflating past that is refused, so a deflate bomb costs what its header declares, not gigabytes.
 */
function parseDeflated(file: string, bytes: Uint8Array, meta: dicomParser.DataSet): dicomParser.DataSet {
  const position = (meta as unknown as { position: number }).position;
  const limit = position + inflatedBytesNeeded(file, bytes);
  const inflater = new BoundedInflate(bytes.subarray(position), true, bytes.subarray(0, position));
  const full = inflater.inflateTo(limit + 1);
  if (!inflater.ended && full.length > limit) {
    throw new DicomError(file, `its deflated data set inflates past the ${limit} bytes its header and pixel data declare: a deflate bomb or a damaged file`);
  }
  const parser = dicomParser.littleEndianByteArrayParser;
  const DataSetCtor = (dicomParser as unknown as { DataSet: new (p: unknown, b: Uint8Array, e: object) => dicomParser.DataSet }).DataSet;
  const ds = new DataSetCtor(parser, full, { ...meta.elements });
  dicomParser.parseDicomDataSetExplicit(ds, new dicomParser.ByteStream(parser, full, position), full.length);
  return ds;
}

/**
 * Upper bound of a deflated data set's inflated length from its header: through Pixel Data, whose
 * length counts no more than the pixel module's frames need (its offset in parseHeader's wrapped
 * copy overstates the inflated one by a meta header: a slightly looser bound).
 */
function inflatedBytesNeeded(file: string, bytes: Uint8Array): number {
  const parsed = parseHeader(file, bytes, bytes.length);
  if (parsed.kind !== 'complete') throw new DicomError(file, 'not a readable DICOM file: its header is cut short');
  const ds = parsed.header.dataSet;
  const pixels = ds.elements[PIXEL_DATA];
  if (!pixels) return MAX_HEADER_BYTES + TRAILING_BYTES;
  const pixel = readPixelModule(ds);
  validatePixelLayout(file, pixel, pixel.frames, null);
  const declared = frameByteLength(pixel) * pixel.frames;
  return pixels.dataOffset + Math.min(pixels.length, declared) + TRAILING_BYTES;
}

/** dicom-parser throws strings or `{exception, dataSet}` objects, not Errors. */
function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && 'exception' in err) return String((err as { exception: unknown }).exception);
  return String(err);
}
