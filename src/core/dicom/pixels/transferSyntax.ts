/** Transfer syntax UIDs that a scanner or PACS writes for MR images (DICOM PS3.5 §10 and Annex A). */
export const TransferSyntax = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  deflatedExplicitLittle: '1.2.840.10008.1.2.1.99',
  explicitBig: '1.2.840.10008.1.2.2',
  jpegBaseline8: '1.2.840.10008.1.2.4.50',
  jpegExtended12: '1.2.840.10008.1.2.4.51',
  jpegLossless14: '1.2.840.10008.1.2.4.57',
  jpegLosslessSV1: '1.2.840.10008.1.2.4.70',
  jpegLsLossless: '1.2.840.10008.1.2.4.80',
  jpegLsNearLossless: '1.2.840.10008.1.2.4.81',
  jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  jpeg2000: '1.2.840.10008.1.2.4.91',
  htj2kLossless: '1.2.840.10008.1.2.4.201',
  htj2kLosslessRpcl: '1.2.840.10008.1.2.4.202',
  htj2k: '1.2.840.10008.1.2.4.203',
  rle: '1.2.840.10008.1.2.5',
} as const;

const native = new Set<string>([
  TransferSyntax.implicitLittle,
  TransferSyntax.explicitLittle,
  TransferSyntax.deflatedExplicitLittle,
  TransferSyntax.explicitBig,
]);

/** Native (uncompressed) pixel data: frames are plain byte ranges of the Pixel Data element. */
export function isNativeSyntax(uid: string): boolean {
  return native.has(uid);
}

/** Big endian native pixel data: 16/32-bit samples must be byte-swapped. */
export function isBigEndianSyntax(uid: string): boolean {
  return uid === TransferSyntax.explicitBig;
}
