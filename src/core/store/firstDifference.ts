/** Where two JSON values first differ: a dotted path ('payload.volumeMl', 'roi.contour[3][0]') and both values. */
export interface JsonDifference {
  path: string;
  expected: unknown;
  actual: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The first difference between parsed JSON `expected` and `actual` (object keys in sorted order), or null when equal. */
export function firstDifference(expected: unknown, actual: unknown, path = ''): JsonDifference | null {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (isObject(expected) && isObject(actual)) {
    for (const name of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
      const d = firstDifference(expected[name], actual[name], path ? `${path}.${name}` : name);
      if (d) return d;
    }
    return null;
  }
  return Object.is(expected, actual) ? null : { path, expected, actual };
}
