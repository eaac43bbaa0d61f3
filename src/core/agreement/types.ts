/**
 * An agreement statistic with its two-sided 95 % confidence interval. `value` is null (never NaN)
 * when the statistic is undefined for the data, and `reason` says why; `ci95` is null with a
 * reason when only the interval is undefined (e.g. perfect agreement leaves no error variance).
 */
export interface Estimate {
  value: number | null;
  ci95: [number, number] | null;
  reason?: string;
}

/** An undefined statistic: no value, no interval, and why. */
export function undefinedEstimate(reason: string): Estimate {
  return { value: null, ci95: null, reason };
}
