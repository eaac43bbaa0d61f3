import type { Vec3 } from '../core/math/types';
import { runPerfusion } from './perfusion';

/** `x,y,z` in mm → a point, or an Error naming the flag. */
export function parsePoint(value: string | true | undefined, flag: string): Vec3 | undefined {
  if (value === undefined) return undefined;
  const parts = typeof value === 'string' ? value.split(',').map((v) => Number(v.trim())) : [];
  if (parts.length !== 3 || parts.some((v) => !Number.isFinite(v))) throw new Error(`${flag} needs a point x,y,z in patient LPS mm (got ${String(value)})`);
  return [parts[0], parts[1], parts[2]];
}

function numberFlag(value: string | true | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new Error(`${flag} needs a number (got ${String(value)})`);
  return n;
}

function pathFlag(value: string | true | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new Error(`${flag} needs a NIfTI file (.nii or .nii.gz)`);
  return value;
}

/** The `perfusion` verb's arguments → runPerfusion. */
export async function perfusionCommand(positional: string[], flags: Map<string, string | true>): Promise<{ files: string[] }> {
  const folder = positional[0];
  const out = flags.get('out');
  if (!folder) throw new Error('missing <folder>: npm run cli -- perfusion <folder> --out <dir>');
  if (typeof out !== 'string' || out === '') throw new Error('missing --out <dir>');
  return runPerfusion(folder, {
    series: numberFlag(flags.get('series'), '--series'),
    out,
    aif: parsePoint(flags.get('aif'), '--aif'),
    vof: parsePoint(flags.get('vof'), '--vof'),
    aifMask: pathFlag(flags.get('aif-mask'), '--aif-mask'),
    vofMask: pathFlag(flags.get('vof-mask'), '--vof-mask'),
    smoothTimeS: numberFlag(flags.get('smooth-time'), '--smooth-time'),
    smoothPlaneMm: numberFlag(flags.get('smooth-plane'), '--smooth-plane'),
    hematocritFactor: numberFlag(flags.get('hematocrit-factor'), '--hematocrit-factor'),
    density: numberFlag(flags.get('density'), '--density'),
  });
}
