import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createFrameDecoder } from '../codecs/createFrameDecoder';
import { bvecFsl } from '../core/dicom/bvecFsl';
import { planSeries } from '../core/dicom/geometry/planSeries';
import { niftiAffineFromLps } from '../core/dicom/niftiAffine';
import type { SeriesEntry } from '../core/dicom/types';
import { bvalText, bvecText } from '../core/nifti/bvalBvecText';
import { writeNifti } from '../core/nifti/writeNifti';
import { assembleVolume } from '../core/volume/assembleVolume';
import { flipRows } from '../core/volume/flipRows';
import { withoutExcludedVolumes } from '../core/volume/withoutExcludedVolumes';
import { FileBytesCache, READ_CACHE_BYTES } from './fileBytesCache';
import { indexFolder } from './indexFolder';
import { prepareOutputs, writeOutputFile } from '../node/outputFiles';
import type { OutputIdentifiers } from './outputIdentifiers';
import { refuseInsideSource } from './refuseInsideSource';

export interface ConvertOptions {
  /** Overwrite existing outputs (default: refuse). */
  force?: boolean;
  /** Default de-identified: files named `series_<number>`, NIfTI descrip the manufacturer only. */
  identifiers?: OutputIdentifiers;
}

/**
 * `convert <folder> --out <dir>`: every diffusion series of `folder` as `series_<number>.nii.gz`
 * + `.bval` + `.bvec` in `outDir` (`<number>_<description>` with identifiers kept), laid out like
 * dcm2niix (rows flipped, FSL b-vectors relative to the written image axes, derived trace volumes
 * left out). Refuses an output
 * directory inside the input folder (source folders stay untouched), a folder without diffusion
 * series, and existing outputs unless `force`. Returns the written paths.
 */
export async function runConvert(folder: string, outDir: string, opts: ConvertOptions = {}): Promise<string[]> {
  const keep = opts.identifiers?.keep ?? false;
  const input = resolve(folder);
  const output = resolve(outDir);
  await refuseInsideSource(input, output);
  const cache = new FileBytesCache(READ_CACHE_BYTES);
  const { files, index } = await indexFolder(input, cache);
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const s of index.skipped) console.error(`skipped ${s.path}: ${s.reason}`);
  const all = index.patients.flatMap((p) => p.studies.flatMap((st) => st.series));
  const diffusion = all.filter((s) => s.kind === 'dwi');
  if (diffusion.length === 0) {
    throw new Error(`no diffusion series in ${input} (${all.length} other series, ${index.skipped.length} files skipped): nothing converted`);
  }
  const used = new Set<string>();
  const bases = diffusion.map((series) => uniqueName(keep ? baseName(series) : `series_${series.seriesNumber ?? 'x'}`, used));
  await prepareOutputs(output, bases.flatMap((b) => ['.nii.gz', '.bval', '.bvec'].map((ext) => join(output, `${b}${ext}`))), opts.force ?? false);
  cache.keepOnly(new Set(diffusion.flatMap((s) => s.frames.map((f) => f.file))));
  await mkdir(output, { recursive: true });
  const decoder = createFrameDecoder();
  const written: string[] = [];
  for (const [n, series] of diffusion.entries()) {
    const volume = withoutExcludedVolumes(await assembleVolume(planSeries(series), byPath, decoder));
    const sform = niftiAffineFromLps(volume.affine, volume.dims);
    const base = bases[n];
    const nii = join(output, `${base}.nii.gz`);
    const descrip = keep ? `${series.manufacturer} ${series.description}`.trim() : series.manufacturer;
    const bytes = writeNifti({ dims: volume.dims, affineRas: sform, datatype: 'float32', data: flipRows(volume.data, volume.dims), descrip });
    await writeOutputFile(nii, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    written.push(nii);
    if (volume.bValues.length > 0) {
      const bval = join(output, `${base}.bval`);
      const bvec = join(output, `${base}.bvec`);
      await writeOutputFile(bval, bvalText(volume.bValues));
      await writeOutputFile(bvec, bvecText(volume.gradientsLPS.map((g, t) => bvecFsl(volume.bValues[t] > 0 && g.some((v) => v !== 0) ? g : null, sform))));
      written.push(bval, bvec);
    }
    for (const w of volume.warnings) console.error(`series ${series.seriesNumber ?? '?'}: ${w}`);
  }
  cache.clear();
  return written;
}

/** dcm2niix-like file stem: series number, then the description with anything but [A-Za-z0-9-] as '_'. */
function baseName(series: SeriesEntry): string {
  const description = series.description.replace(/[^A-Za-z0-9-]+/g, '_').replace(/^_+|_+$/g, '');
  return [series.seriesNumber ?? 'x', description].filter((p) => p !== '').join('_');
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${name}_${n}`;
  used.add(candidate);
  return candidate;
}
