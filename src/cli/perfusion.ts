import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import writeFileAtomic from 'write-file-atomic';
import { createFrameDecoder } from '../codecs/createFrameDecoder';
import { planPerfusion } from '../core/dicom/timing/planPerfusion';
import type { SeriesEntry } from '../core/dicom/types';
import type { Vec3 } from '../core/math/types';
import { dtiNiftiImage, type VoxelGrid } from '../core/nifti/dtiNiftiImage';
import { writeNifti } from '../core/nifti/writeNifti';
import { DEFAULT_BRAIN_DENSITY, DEFAULT_HEMATOCRIT_FACTOR, DEFAULT_OSCILLATION_INDEX } from '../core/perfusion/constants';
import type { PerfusionResult } from '../core/perfusion/perfusionMaps';
import { pointToVoxel } from '../core/perfusion/pointToVoxel';
import { DEFAULT_TISSUE_WINDOW } from '../core/perfusion/tissueMask';
import { voxelToLps } from '../core/roi/voxelAffine';
import { assembleVolume } from '../core/volume/assembleVolume';
import { indexFolder } from './indexFolder';
import { computePerfusionOnThreads } from './nodePerfusionPool';
import { refuseInsideSource } from './refuseInsideSource';

export interface PerfusionCliOptions {
  /** SeriesNumber; required when the folder holds more than one CT perfusion series. */
  series?: number;
  out: string;
  /** Arterial input point, LPS mm (default: automatic). */
  aif?: Vec3;
  /** Venous output point, LPS mm (default: automatic). */
  vof?: Vec3;
  hematocritFactor?: number;
  density?: number;
}

/** Map files: NIfTI name, key in the result, unit. */
const MAPS = [
  ['CBF', 'cbf', 'ml/100g/min'],
  ['CBV', 'cbv', 'ml/100g'],
  ['MTT', 'mtt', 's'],
  ['Tmax', 'tmax', 's'],
  ['TTP', 'ttp', 's'],
  ['PS', 'ps', 'ml/100g/min'],
  ['PatlakVb', 'patlakVolume', 'ml/100g'],
] as const;

const gzipAsync = promisify(gzip);

/** Worker threads of the maps (the machines this runs on have 2 cores). */
const CLI_WORKERS = 2;

function appVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** A positive finite constant, or the reason it is refused. */
function positive(value: number | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} must be a positive number (got ${value})`);
  return value;
}

/**
 * `perfusion <folder> [--series N] --out <dir> [--aif x,y,z] [--vof x,y,z] [--hematocrit-factor F]
 * [--density D]`: indexes the folder, plans and assembles the CT perfusion series (frame times from
 * its tags), computes the maps and writes CBF, CBV, MTT, Tmax, TTP, PS, PatlakVb and mask as .nii.gz
 * (dcm2niix geometry, like `fit`) plus perfusion.json (series, frame times, AIF/VOF and their
 * curves, constants, method, skipped files). Refuses an output directory inside the input folder.
 */
export async function runPerfusion(folder: string, opts: PerfusionCliOptions): Promise<{ files: string[]; provenance: Record<string, unknown> }> {
  const input = resolve(folder);
  const output = resolve(opts.out);
  await refuseInsideSource(input, output);
  const constants = {
    hematocritFactor: positive(opts.hematocritFactor, DEFAULT_HEMATOCRIT_FACTOR, '--hematocrit-factor'),
    density: positive(opts.density, DEFAULT_BRAIN_DENSITY, '--density'),
    oscillationIndex: DEFAULT_OSCILLATION_INDEX,
  };
  const t0 = performance.now();
  const { files, index } = await indexFolder(input);
  for (const s of index.skipped) console.error(`skipped ${s.path}: ${s.reason}`);
  const series = chooseSeries(index.patients.flatMap((p) => p.studies.flatMap((st) => st.series)), opts.series, input);
  const { plan, slabs, timeSource } = planPerfusion(series);
  // On a SharedArrayBuffer: the pool's threads read it in place.
  const volume = await assembleVolume(plan, new Map(files.map((f) => [f.path, f])), createFrameDecoder(), { shared: true });
  const t1 = performance.now();
  const result = await computePerfusionOnThreads(volume, {
    slabs,
    constants,
    aifVoxel: opts.aif ? pointToVoxel(volume.affine, volume.dims, opts.aif) : undefined,
    vofVoxel: opts.vof ? pointToVoxel(volume.affine, volume.dims, opts.vof) : undefined,
  }, {}, CLI_WORKERS);
  const t2 = performance.now();
  await mkdir(output, { recursive: true });
  const grid: VoxelGrid = { dims: [volume.dims[0], volume.dims[1], volume.dims[2]], affine: volume.affine };
  const written = await Promise.all([
    ...MAPS.map(([name, key]) => writeMap(grid, result.maps[key], name, output)),
    writeMap(grid, result.mask, 'mask', output),
  ]);
  const location = (voxel: number) => {
    const [nx, ny] = volume.dims;
    const ijk: Vec3 = [voxel % nx, Math.floor(voxel / nx) % ny, Math.floor(voxel / (nx * ny))];
    return { voxel: ijk, lpsMm: voxelToLps(volume.affine, ...ijk) };
  };
  const curve = (c: NonNullable<PerfusionResult['vof']>) => ({ ...location(c.voxel), automatic: c.automatic, timesS: c.times, hu: c.hu });
  const provenance = {
    app: 'DTI Trial Viewer',
    appVersion: appVersion(),
    createdAt: new Date().toISOString(),
    input,
    seriesInstanceUID: series.seriesInstanceUID,
    seriesNumber: series.seriesNumber,
    seriesDescription: series.description,
    manufacturer: series.manufacturer,
    dims: volume.dims,
    spacingMm: volume.spacing,
    frameTimes: { source: timeSource, slabs: slabs.map((s) => ({ slices: [s.firstSlice, s.endSlice - 1], timesS: s.times })) },
    aif: curve(result.aif),
    vof: result.vof ? curve(result.vof) : null,
    constants,
    method: {
      deconvolution: 'block-circulant SVD, oscillation-index threshold (Wu et al. 2003), AIF matrix with linear interpolation, curves resampled to the median frame interval',
      tmax: 'half-height of the deconvolved residue rising edge',
      permeability: 'Patlak on frames from 25 s after the AIF falls below 30 % of its peak; leakage removed before deconvolution; CBV = (∫tissue − PS·∫∫AIF(t − Tmax)) / ∫AIF',
      aifPartialVolume: 'AIF scaled by ∫VOF/∫AIF when above 1',
      baseline: 'frames before the AIF rises above max(2 SD, 2 % of its peak)',
      tissueWindow: DEFAULT_TISSUE_WINDOW,
      slabs: result.slabs,
      smoothing: 'none',
    },
    units: Object.fromEntries(MAPS.map(([name, , unit]) => [name, unit])),
    tissueVoxels: result.tissueVoxels,
    timingsSeconds: { indexAndAssemble: (t1 - t0) / 1000, maps: (t2 - t1) / 1000 },
    warnings: [...series.warnings, ...volume.warnings],
    skippedFiles: index.skipped,
  };
  const json = join(output, 'perfusion.json');
  await writeFileAtomic(json, `${JSON.stringify(provenance, null, 2)}\n`);
  for (const w of provenance.warnings) console.error(`warning: ${w}`);
  return { files: [...written, json], provenance };
}

function chooseSeries(all: SeriesEntry[], number: number | undefined, input: string): SeriesEntry {
  const candidates = all.filter((s) => s.kind === 'ctp');
  const describe = (s: SeriesEntry) => `${s.seriesNumber ?? '?'} "${s.description}"`;
  if (number !== undefined) {
    const found = candidates.find((s) => s.seriesNumber === number);
    if (!found) throw new Error(`no CT perfusion series number ${number} in ${input}; CT perfusion series: ${candidates.map(describe).join(', ') || 'none'}`);
    return found;
  }
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) throw new Error(`no CT perfusion series (CT repeating its slice positions) in ${input}`);
  throw new Error(`several CT perfusion series in ${input}, choose one with --series: ${candidates.map(describe).join(', ')}`);
}

async function writeMap(grid: VoxelGrid, data: Float32Array | Uint8Array, name: string, output: string): Promise<string> {
  const nii = writeNifti(dtiNiftiImage(grid, data instanceof Uint8Array ? 'uint8' : 'float32', data, name), false);
  const path = join(output, `${name}.nii.gz`);
  await writeFileAtomic(path, await gzipAsync(nii));
  return path;
}
