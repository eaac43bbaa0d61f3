import { Inflate } from 'fflate';

/**
 * Compressed bytes given to fflate per push. Deflate expands at most ~1032:1, so fflate's own buffers
 * for one push stay under ~4 MiB whatever the stream claims: the output grows only as far as asked.
 */
const PUSH_BYTES = 4096;

/** The most one push can inflate to (deflate's 258-byte match per ~2 bits, plus the 32 KiB window). */
const MAX_PUSH_OUTPUT = PUSH_BYTES * 1032 + 32 * 1024;

/**
 * Incremental raw inflate of a deflate stream (or of a prefix of one: a file read only in part), by
 * fflate's streaming Inflate, into one buffer grown as the caller asks. A deflate bomb (megabytes
 * inflating to gigabytes) costs only what the caller lets it produce.
 */
export class BoundedInflate {
  private readonly inflater: Inflate;
  private output: Uint8Array;
  private length: number;
  /** Where the output may grow to in this `inflateTo` call, so doubling never overshoots it. */
  private growLimit = 0;
  private consumed = 0;
  /** True once the deflate stream's final block was inflated: `bytes` is then the whole data. */
  ended = false;

  /**
   * `whole`: `input` is the entire stream (its end is the stream's end), not a prefix of it.
   * `prefix`: bytes placed before the inflated ones in `bytes` (a synthetic meta header), saving a copy.
   */
  constructor(
    private readonly input: Uint8Array,
    private readonly whole: boolean,
    prefix: Uint8Array = new Uint8Array(0),
  ) {
    this.output = prefix.slice();
    this.length = prefix.length;
    this.inflater = new Inflate((chunk, final) => {
      this.append(chunk);
      if (final) this.ended = true;
    });
    // Nothing after the meta header: an empty data set, not a prefix awaiting more.
    if (whole && input.length === 0) this.ended = true;
  }

  /** The prefix and the bytes inflated so far (a view, valid until the next `inflateTo`). */
  get bytes(): Uint8Array {
    return this.output.subarray(0, this.length);
  }

  /** True when no more output can come: the stream ended, or every compressed byte given was used. */
  get exhausted(): boolean {
    return this.ended || this.consumed >= this.input.length;
  }

  /**
   * Inflates until `bytes` holds at least `target` bytes or the input is exhausted, and returns them.
   * The output may pass `target` by one push's worth (≤ ~4 MiB), never more.
   * Throws fflate's Error on a corrupt stream.
   */
  inflateTo(target: number): Uint8Array {
    this.growLimit = target + MAX_PUSH_OUTPUT;
    while (this.length < target && !this.exhausted) {
      const end = Math.min(this.consumed + PUSH_BYTES, this.input.length);
      const chunk = this.input.subarray(this.consumed, end);
      this.consumed = end;
      // Final only when the caller gave the whole stream (fflate then rejects one cut short): a prefix may end mid-block.
      this.inflater.push(chunk, this.whole && end === this.input.length);
    }
    return this.bytes;
  }

  private append(chunk: Uint8Array): void {
    if (this.length + chunk.length > this.output.length) {
      const doubled = Math.min(Math.max(2 * this.output.length, 64 * 1024), this.growLimit);
      const grown = new Uint8Array(Math.max(doubled, this.length + chunk.length));
      grown.set(this.bytes);
      this.output = grown;
    }
    this.output.set(chunk, this.length);
    this.length += chunk.length;
  }
}
