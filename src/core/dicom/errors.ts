/**
 * The only error that core DICOM code lets escape for bad input: names the file and says why,
 * so the indexer can list it as skipped and the UI can show the reason verbatim.
 */
export class DicomError extends Error {
  constructor(
    /** FileSource.path of the offending file. */
    readonly file: string,
    /** Human-readable reason, without the file name. */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'DicomError';
  }
}
