import dcmjs from 'dcmjs';

/** A minimal explicit-VR little-endian MR file written by dcmjs, with whatever pixel header the test claims. */
export function syntheticDicom(opts: {
  rows: number;
  columns: number;
  bitsAllocated?: number;
  pixelRepresentation?: number;
  frames?: number;
  pixelBytes: Uint8Array;
  slope?: number;
  intercept?: number;
}): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const bits = opts.bitsAllocated ?? 16;
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: '1.2.840.10008.5.1.4.1.1.4',
    MediaStorageSOPInstanceUID: '1.2.3.4.5',
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: '1.2.3.4',
  };
  const dataset: Record<string, unknown> = {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.4',
    SOPInstanceUID: '1.2.3.4.5',
    SeriesInstanceUID: '1.2.3.4',
    Modality: 'MR',
    Rows: opts.rows,
    Columns: opts.columns,
    BitsAllocated: bits,
    BitsStored: bits,
    HighBit: bits - 1,
    PixelRepresentation: opts.pixelRepresentation ?? 0,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    ...(opts.frames !== undefined ? { NumberOfFrames: String(opts.frames) } : {}),
    ...(opts.slope !== undefined ? { RescaleSlope: String(opts.slope), RescaleIntercept: String(opts.intercept ?? 0) } : {}),
    PixelData: [opts.pixelBytes.slice().buffer],
    _vrMap: { PixelData: bits > 8 ? 'OW' : 'OB' },
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}
