/**
 * Whole files read once and kept for the next reader, so `fit` reads each file of the folder one
 * time: indexing reads a header prefix that for ordinary images (tens of KB) is the whole file, and
 * assembly then takes the pixel bytes from the same buffer instead of opening the file again.
 * Bounded by a byte budget (files past it are simply not kept) and trimmed to the chosen series
 * once it is known, so a large folder never sits in memory whole.
 */
/**
 * The CLI's budget: philips_701 is 22 MB, so ordinary DTI folders are kept whole; a folder beyond it
 * (a whole study with CT perfusion, say) just has its later files read again by assembly.
 */
export const READ_CACHE_BYTES = 256 * 1024 * 1024;

export class FileBytesCache {
  private readonly files = new Map<string, Uint8Array>();
  private bytes = 0;

  /** @param budgetBytes most bytes held at once */
  constructor(private readonly budgetBytes: number) {}

  /** Keeps the whole content of `path` if it fits the budget. */
  keep(path: string, content: Uint8Array): void {
    if (this.files.has(path) || this.bytes + content.length > this.budgetBytes) return;
    this.files.set(path, content);
    this.bytes += content.length;
  }

  /** The kept content of `path`, or undefined. */
  get(path: string): Uint8Array | undefined {
    return this.files.get(path);
  }

  /** Drops every file but `paths` (the series about to be assembled). */
  keepOnly(paths: ReadonlySet<string>): void {
    for (const [path, content] of this.files) {
      if (paths.has(path)) continue;
      this.files.delete(path);
      this.bytes -= content.length;
    }
  }

  /** Drops `paths` (a series assembled; the batch's other series keep theirs). */
  drop(paths: Iterable<string>): void {
    for (const path of paths) {
      const content = this.files.get(path);
      if (!content) continue;
      this.files.delete(path);
      this.bytes -= content.length;
    }
  }

  /** Drops everything (assembly done: the volume holds the values now). */
  clear(): void {
    this.files.clear();
    this.bytes = 0;
  }

  /** Bytes held. */
  get size(): number {
    return this.bytes;
  }

  /** Bytes that may still be kept. */
  get free(): number {
    return Math.max(0, this.budgetBytes - this.bytes);
  }
}
