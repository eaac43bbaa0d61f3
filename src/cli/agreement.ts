import { measureAgreement, type MeasureAgreement } from '../core/agreement/measureAgreement';
import { ReadsError } from '../core/agreement/readsError';
import { readsTables } from '../core/agreement/readsTable';
import { agreementJson, agreementText } from './agreementReport';
import { readReadsCsv } from './readsCsv';

/**
 * `npm run cli -- agreement <reads.csv> [--json] [--levels measure=a,b,c ...]`: inter-reader
 * agreement of a long reads table (columns case, reader, measure, value), with the same
 * src/core/agreement code the app uses.
 */

/**
 * Category orders from every `--levels measure=a,b,c` in argv (the flag may repeat, one measure each).
 * Throws on a malformed value or a label given twice.
 */
export function levelsFromArgv(argv: readonly string[]): Map<string, string[]> {
  const levels = new Map<string, string[]>();
  argv.forEach((arg, i) => {
    if (arg !== '--levels') return;
    const spec = argv[i + 1] ?? '';
    const eq = spec.indexOf('=');
    const measure = spec.slice(0, eq).trim();
    const labels = spec
      .slice(eq + 1)
      .split(',')
      .map((l) => l.trim());
    if (eq <= 0 || labels.some((l) => l === '')) throw new Error(`--levels expects measure=a,b,c (labels in order, comma-separated), got "${spec}"`);
    if (new Set(labels).size !== labels.length) throw new Error(`--levels ${measure}: a label is given twice (${labels.join(',')})`);
    if (levels.has(measure)) throw new Error(`--levels ${measure} is given twice`);
    levels.set(measure, labels);
  });
  return levels;
}

/** Agreement of every measure in `file`; errors name the file and, where one is to blame, the line. */
export function agreementOfFile(file: string, levels: ReadonlyMap<string, readonly string[]> = new Map()): MeasureAgreement[] {
  const reads = readReadsCsv(file);
  const measures = new Set(reads.map((r) => r.measure));
  for (const m of levels.keys()) if (!measures.has(m)) throw new Error(`--levels names measure "${m}", which ${file} does not have (it has ${[...measures].join(', ')})`);
  try {
    return readsTables(reads, levels).map(measureAgreement);
  } catch (error) {
    if (error instanceof ReadsError) throw new Error(`${file}${error.line === undefined ? '' : ` line ${error.line}`}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** The command's output text. */
export function runAgreement(file: string, options: { json: boolean; levels?: ReadonlyMap<string, readonly string[]> }): string {
  const results = agreementOfFile(file, options.levels);
  return options.json ? agreementJson(results) : agreementText(file, results);
}
