/** A problem with the reads themselves, naming the input line (1-based, header = line 1) when one is to blame. */
export class ReadsError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ReadsError';
  }
}
