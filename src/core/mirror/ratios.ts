import type { RoiStats } from '../measure/types';

/** One ipsilateral / contralateral ratio, e.g. rFA = mean FA in the lesion / mean FA in its mirror. */
export interface RoiRatio {
  map: string;
  /** 'r' + upper-case map name: rFA, rMD, rAD, rRD. */
  label: string;
  ipsi: number;
  contra: number;
  /** ipsi / contra (unitless); NaN when the contralateral value is 0 or either side is empty. */
  ratio: number;
}

/**
 * Ipsilateral/contralateral ratios of one statistic (mean by default, or median) for every map
 * present on both sides, in the ipsilateral list's order. Units cancel, so maps in mm²/s and
 * unitless FA are treated alike.
 */
export function ipsiContraRatios(
  ipsi: RoiStats[],
  contra: RoiStats[],
  statistic: 'mean' | 'median' = 'mean',
): RoiRatio[] {
  const out: RoiRatio[] = [];
  for (const s of ipsi) {
    const c = contra.find((x) => x.map === s.map);
    if (!c) continue;
    const a = s[statistic];
    const b = c[statistic];
    out.push({ map: s.map, label: `r${s.map.toUpperCase()}`, ipsi: a, contra: b, ratio: b === 0 ? NaN : a / b });
  }
  return out;
}
