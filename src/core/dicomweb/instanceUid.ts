import dicomParser from 'dicom-parser';

/**
 * The SOP Instance UID of a Part 10 instance, from its file meta information
 * (MediaStorageSOPInstanceUID, 0002,0003), which WADO-RS instances always carry: a cheap read of
 * the first few hundred bytes, not a parse of the data set. Null when the bytes have no readable
 * meta header (the instance is then kept, but cannot be recognised on a retry).
 */
export function part10InstanceUid(bytes: Uint8Array): string | null {
  try {
    const uid = dicomParser.readPart10Header(bytes).string('x00020003');
    return uid ? uid.replace(/\0/g, '').trim() || null : null;
  } catch {
    return null;
  }
}
