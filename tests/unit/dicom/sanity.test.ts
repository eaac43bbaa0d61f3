import { describe, expect, it } from 'vitest';
import { DicomError } from '../../../src/core/dicom/errors';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import type { DicomIndex, SeriesEntry } from '../../../src/core/dicom/types';
import { type DicomElements, writeDicom } from '../../fixtures/dicomWriter';
import { memorySource } from '../pixels/nodeFiles';

/**
 * Geometry and values that cannot be right are refused naming the file and tag; a fallback in use
 * is a warning on the series. Fixtures written by dcmjs (tests/fixtures/dicomWriter).
 */

/** A 4×4 MR image at slice `z`, 2 mm pixels; `over` replaces or adds elements. */
function mr(instance: number, z: number, over: DicomElements = {}): Uint8Array {
  return writeDicom({
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.4',
    SOPInstanceUID: `2.25.900${instance}`,
    Modality: 'MR',
    Manufacturer: 'ACME',
    PatientID: 'SANE01',
    StudyInstanceUID: '2.25.901',
    SeriesInstanceUID: '2.25.902',
    SeriesNumber: '3',
    SeriesDescription: 'sanity',
    InstanceNumber: String(instance),
    ImagePositionPatient: ['0', '0', String(z)],
    ImageOrientationPatient: ['1', '0', '0', '0', '1', '0'],
    PixelSpacing: ['2', '2'],
    SliceThickness: '2',
    Rows: 4,
    Columns: 4,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 0,
    PixelData: new Uint16Array(16).fill(100),
    ...over,
  });
}

async function index(files: Uint8Array[]): Promise<DicomIndex> {
  return indexFiles(files.map((bytes, i) => memorySource(`img${i + 1}.dcm`, bytes)));
}

function onlySeries(result: DicomIndex): SeriesEntry {
  const all = result.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
  expect(all).toHaveLength(1);
  return all[0];
}

describe('pixel spacing', () => {
  it.each([
    [['0', '0'], '0\\0'],
    [['-1', '2'], '-1\\2'],
    [['1e308', '1e308'], '1e+308\\1e+308'],
  ])('Pixel Spacing %j is refused naming the file and tag', async (spacing, shown) => {
    const result = await index([mr(1, 0, { PixelSpacing: spacing })]);
    expect(result.patients).toEqual([]);
    expect(result.skipped).toEqual([
      { path: 'img1.dcm', reason: `Pixel Spacing (0028,0030) is ${shown} mm: each must be above 0 and at most 100 mm; cannot size the image` },
    ]);
  });

  it('sane values index as before: 3 slices, 2 mm grid, no warning', async () => {
    const series = onlySeries(await index([mr(1, 0), mr(2, 2), mr(3, 4)]));
    const plan = planSeries(series);
    expect(plan.dims).toEqual([4, 4, 3, 1]);
    expect(plan.spacing).toEqual([2, 2, 2]);
    expect(series.warnings).toEqual([]);
  });
});

describe('collapsed Image Position Patient', () => {
  const dwi = (instance: number, b: number, g: number[]): Uint8Array =>
    mr(instance, 0, {
      '00189087': { vr: 'FD', value: [b] },
      '00189089': { vr: 'FD', value: g },
      ImageType: ['ORIGINAL', 'PRIMARY', 'DIFFUSION'],
    });

  it('a diffusion series whose slices all sit at one position is refused, naming the file and tag', async () => {
    // 3 slices × (b0, b1000 along x), every image at (0, 0, 0): b1000 along x appears 3 times.
    const files = [0, 1, 2].flatMap((s) => [dwi(2 * s + 1, 0, [0, 0, 0]), dwi(2 * s + 2, 1000, [1, 0, 0])]);
    const series = onlySeries(await index(files));
    let error: unknown;
    try {
      planSeries(series);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DicomError);
    expect((error as DicomError).file).toBe('img1.dcm');
    expect((error as DicomError).reason).toBe(
      'series 3 "sanity": all 6 images are at one Image Position Patient (0020,0032) 0\\0\\0 although their diffusion encodings repeat (b = 1000 twice along one direction): collapsed positions, cannot stack the slices',
    );
    // The series list says so before anyone opens it.
    expect(series.warnings).toEqual([`cannot be assembled into a volume: ${(error as DicomError).reason}`]);
  });

  it('other images at one position are read as one-slice volumes, with a warning saying so', async () => {
    const series = onlySeries(await index([mr(1, 5), mr(2, 5), mr(3, 5)]));
    expect(planSeries(series).dims).toEqual([4, 4, 1, 3]);
    expect(series.warnings).toEqual(['all 3 images are at one Image Position Patient (0020,0032) 0\\0\\5: read as 3 volumes of one slice']);
  });
});

describe('rescale', () => {
  it('a NaN Rescale Intercept is refused naming the file and tag', async () => {
    const result = await index([mr(1, 0, { RescaleIntercept: 'NaN', RescaleSlope: '1' })]);
    expect(result.skipped).toEqual([
      { path: 'img1.dcm', reason: 'Rescale Intercept (0028,1052) is "NaN": not a finite number; pixel values cannot be computed' },
    ]);
  });

  it('an infinite Rescale Slope is refused naming the tag', async () => {
    const result = await index([mr(1, 0, { RescaleIntercept: '0', RescaleSlope: 'Infinity' })]);
    expect(result.skipped).toEqual([
      { path: 'img1.dcm', reason: 'Rescale Slope (0028,1053) is "Infinity": not a finite number; pixel values cannot be computed' },
    ]);
  });

  it('a Rescale Slope of 0 is read as 1 with one warning on the series naming the first file and the count', async () => {
    const series = onlySeries(await index([mr(1, 0, { RescaleSlope: '0', RescaleIntercept: '0' }), mr(2, 2, { RescaleSlope: '0', RescaleIntercept: '0' }), mr(3, 4)]));
    expect(series.warnings).toEqual(['img1.dcm and 1 other image: Rescale Slope (0028,1053) is 0: read as 1 (as dcm2niix does), values may be off by a scale']);
    expect(series.frames.map((f) => f.nativePixels?.slope)).toEqual([1, 1, 1]);
  });
});
