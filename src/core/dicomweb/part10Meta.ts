import dicomParser from 'dicom-parser';

/**
 * Reads of a Part 10 file's meta information (group 0002) only: cheap (the first few hundred
 * bytes, not the data set), and what WADO-RS instances and files in a folder always carry.
 */

function metaString(bytes: Uint8Array, tag: string): string | null {
  try {
    const value = dicomParser.readPart10Header(bytes).string(tag);
    return value ? value.replace(/\0/g, '').trim() || null : null;
  } catch {
    return null;
  }
}

/** MediaStorageSOPInstanceUID (0002,0003); null without a readable meta header. */
export function part10InstanceUid(bytes: Uint8Array): string | null {
  return metaString(bytes, 'x00020003');
}

/** MediaStorageSOPClassUID (0002,0002); null without a readable meta header. */
export function part10SopClassUid(bytes: Uint8Array): string | null {
  return metaString(bytes, 'x00020002');
}
