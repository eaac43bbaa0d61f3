import { hashUid } from '../export/deidentify';
import { sha256Hex } from '../trial/sha256';

/**
 * UIDs of the objects we write, under the 2.25 root: a hash of what the object is (its kind and
 * the study and series it derives from) and of its content. The same record exports with the
 * same UIDs (a second STOW of unchanged results replaces nothing), and any change of content
 * gives new ones, so a PACS never holds two different objects under one UID.
 */
export function resultUid(kind: string, owner: string, content: unknown): string {
  return hashUid('dti-trial-viewer/results', `${kind}\u0000${owner}\u0000${sha256Hex(JSON.stringify(content))}`);
}
