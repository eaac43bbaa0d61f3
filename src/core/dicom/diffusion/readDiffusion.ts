import type dicomParser from 'dicom-parser';
import type { DiffusionInfo } from '../types';
import { readGeDiffusion } from './ge';
import { readPhilipsDiffusion } from './philips';
import { readSiemensDiffusion } from './siemens';
import { readStandardDiffusion } from './standard';
import { readUihDiffusion } from './uih';

/**
 * Diffusion encoding of a classic (single-frame) image: the vendor's private tags first when the
 * manufacturer is known to write them (they carry what standard tags omit: GE has no (0018,9089),
 * old Siemens only private/CSA, United Imaging only its 0065 group), then the standard attributes. Null when the file states none.
 */
export function readClassicDiffusion(ds: dicomParser.DataSet, manufacturer: string, iop: readonly number[] | null): DiffusionInfo | null {
  const m = manufacturer.toUpperCase();
  if (m.startsWith('GE ') || m === 'GE') return readGeDiffusion(ds, iop) ?? readStandardDiffusion(ds, 'standard');
  if (m.includes('SIEMENS')) return readSiemensDiffusion(ds) ?? readStandardDiffusion(ds, 'standard');
  if (m === 'UIH' || m.includes('UNITED IMAGING')) return readUihDiffusion(ds, iop) ?? readStandardDiffusion(ds, 'standard');
  if (m.includes('PHILIPS')) {
    const standard = readStandardDiffusion(ds, 'standard');
    const philips = readPhilipsDiffusion(ds);
    // The isotropic flag only exists in Philips' private tags; keep it whichever source wins.
    if (standard) return { ...standard, isotropic: standard.isotropic || (philips?.isotropic ?? false) };
    return philips;
  }
  return readStandardDiffusion(ds, 'standard');
}
