import dicomParser from 'dicom-parser';
import { inflateSync } from 'fflate';
import { DicomError } from '../errors';

/**
 * Full parse of one Part 10 file, pixel data included (dicom-parser keeps element offsets,
 * it does not copy). Deflated files are inflated with fflate so the same code runs in Node
 * and browsers (dicom-parser otherwise needs Node's zlib or a global pako).
 */
export function parseDicomFile(file: string, bytes: Uint8Array): dicomParser.DataSet {
  try {
    return dicomParser.parseDicom(bytes, { inflater: inflateDeflatedDataset });
  } catch (err) {
    throw new DicomError(file, `not a readable DICOM file: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** dicom-parser's inflater contract: return the meta header bytes followed by the raw-inflated data set. */
function inflateDeflatedDataset(bytes: Uint8Array, position: number): Uint8Array {
  const inflated = inflateSync(bytes.subarray(position));
  const full = new Uint8Array(position + inflated.length);
  full.set(bytes.subarray(0, position), 0);
  full.set(inflated, position);
  return full;
}
