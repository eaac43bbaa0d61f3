import { findPrivateTag } from './privateTags';

/**
 * Naming of DICOM data elements for the tag inspector. The standard (PS3.6) dictionary is not
 * typed here: the caller passes a lookup over dcmjs's `DicomMetaDictionary.dictionary` (keys
 * '(GGGG,EEEE)' for standard tags, '(gggg,"CREATOR",ee)' for the private tags it knows), so the
 * 1 MB table is loaded only where a dump is shown. Known diffusion private tags (privateTags.ts)
 * win over dcmjs's generic private names.
 */

/** One dictionary entry as dcmjs holds it. `version` 'DICOM/retired' marks retired tags. */
export interface StandardEntry {
  vr: string;
  vm: string;
  name: string;
  version?: string;
}

/** Dictionary lookup by key; undefined when unknown. */
export type StandardLookup = (key: string) => StandardEntry | undefined;

export type TagNameSource = 'standard' | 'retired' | 'private-known' | 'private-dictionary' | 'private-creator' | 'group-length' | 'unknown';

export interface TagName {
  /** Keyword ('PatientName', 'Slop_int_6..9'); '' when unknown. */
  keyword: string;
  /** The dictionary's VR (the only VR an implicit-VR file has); null when unknown. */
  vr: string | null;
  /** Extra text: vendor meaning and units for known private tags; '' otherwise. */
  description: string;
  source: TagNameSource;
  /** Known private tags: the vendor. */
  vendor?: string;
  /** Known private tag matched at its usual element because the file has no creator for its block. */
  assumed?: boolean;
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** '(GGGG,EEEE)', upper-case hex: how the inspector shows and searches tags. */
export function tagKey(group: number, element: number): string {
  return `(${hex4(group)},${hex4(element)})`;
}

/** dicom-parser's element key 'xggggeeee' → [group, element]. */
export function parseParserTag(tag: string): [number, number] {
  return [parseInt(tag.slice(1, 5), 16), parseInt(tag.slice(5, 9), 16)];
}

/**
 * Names the element (group, element). `creator` is the private creator of its block (read by the
 * caller from (gggg,00xx)), null when absent or not private.
 */
export function nameTag(group: number, element: number, creator: string | null, standard: StandardLookup): TagName {
  if (element === 0x0000) return { keyword: 'GroupLength', vr: 'UL', description: '', source: 'group-length' };
  if (group % 2 === 1) {
    if (element >= 0x0010 && element <= 0x00ff) return { keyword: 'PrivateCreator', vr: 'LO', description: '', source: 'private-creator' };
    const known = findPrivateTag(group, element, creator);
    if (known) {
      const { info, assumed } = known;
      const description = assumed ? `${info.description} (creator missing: assumed ${info.creator})` : info.description;
      return { keyword: info.keyword, vr: info.vr, description, source: 'private-known', vendor: info.vendor, assumed };
    }
    if (creator !== null) {
      const key = `(${group.toString(16).padStart(4, '0')},"${creator}",${(element & 0xff).toString(16).padStart(2, '0')})`;
      const entry = standard(key);
      // dcmjs lists many private elements with the placeholder name 'Unknown'.
      if (entry && entry.name !== 'Unknown') return { keyword: entry.name, vr: entry.vr, description: '', source: 'private-dictionary' };
    }
    return { keyword: '', vr: null, description: '', source: 'unknown' };
  }
  const entry = standard(tagKey(group, element));
  if (!entry) return { keyword: '', vr: null, description: '', source: 'unknown' };
  const retired = entry.version?.includes('retired') ?? false;
  return { keyword: entry.name, vr: entry.vr, description: retired ? 'retired' : '', source: retired ? 'retired' : 'standard' };
}
