import { hashUid } from '../core/export/deidentify';

/**
 * What `fit` and `convert` write about where their images came from: de-identified by default
 * (Series Instance UID hashed, no input path, no series description), the originals only with
 * `--keep-identifiers`.
 */
export interface OutputIdentifiers {
  /** --keep-identifiers: write the UID, absolute input path and description as they are. */
  keep: boolean;
  /**
   * Key of the UID hash: the trial salt (--salt or DTI_TRIAL_SALT), so a fit's hashed UID equals
   * the trial export's; without one, BUILT_IN_KEY.
   */
  salt?: string;
}

/**
 * Key used when no trial salt is given: the hash is then stable across runs and machines, but
 * is a pseudonym only: whoever holds the original UID can recompute it.
 */
const BUILT_IN_KEY = 'DTI Trial Viewer CLI';

/** The Series Instance UID as written: the original, or its keyed hash (hashUid: 2.25.<128 bits of SHA-256(key NUL uid)>). */
export function writtenUid(ids: OutputIdentifiers, uid: string): string {
  return ids.keep ? uid : hashUid(ids.salt || BUILT_IN_KEY, uid);
}

/** How the identifiers were treated, for the provenance record. */
export function identifierNote(ids: OutputIdentifiers): Record<string, string> {
  if (ids.keep) return { policy: 'kept as in the source (--keep-identifiers)' };
  return {
    policy: 'de-identified: no input path, no series description (--keep-identifiers writes them)',
    seriesInstanceUID: `2.25 form of SHA-256(key NUL UID), key: ${ids.salt ? 'the trial salt' : 'built-in (no --salt or DTI_TRIAL_SALT): a stable pseudonym, not a secret'}`,
  };
}

/** `text` with the absolute input folder written as '<input>' (skip reasons may name it). */
export function withoutInputPath(text: string, input: string, ids: OutputIdentifiers): string {
  return ids.keep ? text : text.split(input).join('<input>');
}
