/**
 * Instances already retrieved from DICOMweb servers in this session, so a retry after a failure
 * (or a second open of the same study) asks the server only for what is missing. In memory only:
 * it holds patient images, so it never reaches disk, and a reload forgets it.
 *
 * A series is `complete` once every instance the server listed has arrived; until then its
 * instances are only the ones received whole (a part cut by a lost connection is never kept).
 */

export interface CachedSeries {
  complete: boolean;
  /**
   * Instances by SOP Instance UID, in arrival order, as Blobs: the opened study's file sources
   * read these same Blobs (no second copy), and the browser may keep large ones out of the heap.
   */
  instances: Map<string, Blob>;
}

interface CachedStudy {
  series: Map<string, CachedSeries>;
  bytes: number;
  usedAt: number;
}

/** Default memory budget: a few DTI studies; the least recently used study is dropped beyond it. */
export const DEFAULT_CACHE_BYTES = 2 * 1024 ** 3;

export class RetrievalCache {
  private readonly studies = new Map<string, CachedStudy>();
  private clock = 0;

  constructor(private readonly budgetBytes = DEFAULT_CACHE_BYTES) {}

  /** The series' entry (created empty), marking its study as just used. */
  series(server: string, studyUID: string, seriesUID: string): CachedSeries {
    const study = this.study(server, studyUID);
    let entry = study.series.get(seriesUID);
    if (!entry) {
      entry = { complete: false, instances: new Map() };
      study.series.set(seriesUID, entry);
    }
    return entry;
  }

  /** Keeps one instance received whole; drops older studies when over budget (never this one). */
  add(server: string, studyUID: string, seriesUID: string, sopInstanceUID: string, bytes: Uint8Array): void {
    const entry = this.series(server, studyUID, seriesUID);
    const study = this.study(server, studyUID);
    const previous = entry.instances.get(sopInstanceUID);
    study.bytes += bytes.length - (previous?.size ?? 0);
    entry.instances.set(sopInstanceUID, new Blob([bytes as BlobPart]));
    this.evict(key(server, studyUID));
  }

  /** Bytes held for all studies. */
  get totalBytes(): number {
    let n = 0;
    for (const s of this.studies.values()) n += s.bytes;
    return n;
  }

  clear(): void {
    this.studies.clear();
  }

  private study(server: string, studyUID: string): CachedStudy {
    const k = key(server, studyUID);
    let study = this.studies.get(k);
    if (!study) {
      study = { series: new Map(), bytes: 0, usedAt: 0 };
      this.studies.set(k, study);
    }
    study.usedAt = ++this.clock;
    return study;
  }

  private evict(keep: string): void {
    while (this.totalBytes > this.budgetBytes) {
      let oldest: string | null = null;
      let at = Infinity;
      for (const [k, s] of this.studies) {
        if (k !== keep && s.usedAt < at) {
          oldest = k;
          at = s.usedAt;
        }
      }
      if (oldest === null) return;
      this.studies.delete(oldest);
    }
  }
}

function key(server: string, studyUID: string): string {
  return `${server}\n${studyUID}`;
}
