import { csvLong } from './csvLong';
import { csvWide } from './csvWide';
import { buildExportModel, type ExportOptions } from './exportModel';
import { csvLongitudinal } from './longitudinal';
import { provenanceJson } from './provenanceJson';
import { sanitizeFileName } from './sanitizeFileName';
import type { SessionFile } from './sessionFile';

/** One export file: its (sanitised) name and its UTF-8 text. */
export interface ExportFile {
  name: string;
  text: string;
}

/**
 * Every export file of a set of sessions, named `<baseName>_long.csv`, `_wide.csv`,
 * `_longitudinal.csv`, `_provenance.json`. The desktop app, the web build and the CLI all call
 * this, so they write the same bytes; the caller only writes the files.
 */
export function buildExportFiles(sessions: readonly SessionFile[], options: ExportOptions, baseName = 'dti_export'): { files: ExportFile[]; warnings: string[] } {
  const model = buildExportModel(sessions, options);
  const base = sanitizeFileName(baseName);
  return {
    files: [
      { name: `${base}_long.csv`, text: csvLong(model) },
      { name: `${base}_wide.csv`, text: csvWide(model) },
      { name: `${base}_longitudinal.csv`, text: csvLongitudinal(model) },
      { name: `${base}_provenance.json`, text: provenanceJson(model) },
    ],
    warnings: model.warnings,
  };
}
