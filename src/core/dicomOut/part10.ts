import dcmjs from 'dcmjs';

/**
 * Part 10 bytes of a naturalised dataset (dcmjs keyword form) and back, explicit VR little
 * endian. dcmjs is pure JavaScript (no DOM, no Node), so the core can encode and parse.
 */

/** A naturalised dataset: DICOM keywords → values, sequences as arrays of datasets. */
export type Dataset = Record<string, unknown>;

const { DicomDict, DicomMessage, DicomMetaDictionary } = dcmjs.data;

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
/** The app's implementation identity (fixed, so two runs write the same bytes). */
export const IMPLEMENTATION_CLASS_UID = '2.25.302593845209341781476916404386377735719';
const IMPLEMENTATION_VERSION = 'DTITV_RESULTS';

/** Encodes a dataset holding SOPClassUID and SOPInstanceUID as a Part 10 file. */
export function encodePart10(dataset: Dataset): Uint8Array {
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_LE,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION,
  };
  const file = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  file.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(file.write());
}

/** Parses Part 10 bytes into a naturalised dataset; throws with `name` and the reason when they are not DICOM. */
export function decodePart10(bytes: Uint8Array, name: string): Dataset {
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const file = DicomMessage.readFile(buffer);
    return DicomMetaDictionary.naturalizeDataset(file.dict) as Dataset;
  } catch (e) {
    throw new Error(`${name}: not a readable DICOM file (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
}
