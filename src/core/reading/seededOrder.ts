import { sha256Hex } from '../trial/sha256';

/**
 * Blinded reading order and case codes, both from a recorded seed (any text), so the same seed
 * gives every reader the same order and codes, and the export can name the seed that made them.
 */

/** Sort key of an item under a seed: SHA-256 of seed NUL item, hex. */
function rank(seed: string, item: string): string {
  return sha256Hex(`${seed}\u0000order\u0000${item}`);
}

/**
 * `items` (distinct ids, e.g. StudyInstanceUIDs) in the random order the seed gives: sorted by a
 * keyed hash, so the order is uniform over permutations, independent of input order, and a case
 * added later does not move the others relative to each other.
 */
export function seededOrder(items: readonly string[], seed: string): string[] {
  const keyed = items.map((item) => ({ item, key: rank(seed, item) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.item);
}

/**
 * The code a case is shown under while blinded: 'C-' and 6 hex digits of SHA-256(seed NUL id).
 * Carries nothing of the id without the seed; 24 bits make a clash in a trial's few hundred cases
 * unlikely, and caseCodes resolves one if it happens.
 */
export function caseCode(seed: string, id: string, length = 6): string {
  return `C-${sha256Hex(`${seed}\u0000case\u0000${id}`).slice(0, length).toUpperCase()}`;
}

/** Codes of all `ids` under `seed`, lengthened for every id whose code another id shares. */
export function caseCodes(ids: readonly string[], seed: string): Map<string, string> {
  const codes = new Map<string, string>();
  let length = 6;
  for (;;) {
    for (const id of ids) codes.set(id, caseCode(seed, id, length));
    if (new Set(codes.values()).size === codes.size || length >= 64) return codes;
    length += 2;
  }
}

/** A fresh seed for a reading session (recorded with the reads). */
export function newSeed(random: () => number = Math.random): string {
  return Array.from({ length: 4 }, () => Math.floor(random() * 0x1_0000).toString(16).padStart(4, '0')).join('');
}
