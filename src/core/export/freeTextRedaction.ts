import { redactDates } from './freeTextDates';

/**
 * Redaction of identifiers from free text (ROI and lesion names, site, reader, typed subject
 * IDs): the identifying values of a session (identifyingStrings in deidentify.ts) as people
 * retype them, and dates.
 *
 * Variants matched, all case-insensitively:
 *  - any identifier: its letter/digit runs with any 0–3 separators between them
 *    ('DOE^JANE' also as 'Doe, Jane'; 'PID-0042' as 'pid 0042');
 *  - an identifier holding a digit (MRN, accession, UID, serial): also with separators
 *    between any two characters ('ACC2024031' as 'acc-2024-031'), and, when its digits after
 *    leading zeros are ≥ 4 long, those digits alone with or without leading zeros and with
 *    any prefix ('MRN0012345' as '12345', 'ID: 0012345' or 'H12345');
 *  - an identifier that is a DA date (birth date, study date): in every written form of
 *    freeTextDates.ts, with 2-digit years too.
 * Over-redaction of a name that merely resembles an identifier is the accepted cost.
 */

export const REDACTED = '[removed]';

export interface FreeTextPolicy {
  /** Redact every date written in the text (dates are not opted in), not only identifying ones. */
  allDates: boolean;
}

/** Most characters (spaces, punctuation) people put between parts of an identifier. */
const MAX_GAP = 3;

/** What is searched for: lower-case letters and digits, with where other characters may come between them. */
interface Needle {
  key: string[];
  /** Whether characters may come between key[i - 1] and key[i]. */
  gapBefore: (i: number) => boolean;
  /** Leading zeros may precede the key, and no digit may touch the match on either side. */
  digitCore: boolean;
}

const ALNUM = /[\p{L}\p{N}]/u;

/** A text's letters and digits in lower case, each with the index of the character it came from. */
interface Skeleton {
  chars: string[];
  at: number[];
}

function skeleton(text: string): Skeleton {
  const chars: string[] = [];
  const at: number[] = [];
  let index = 0;
  for (const c of text) {
    if (ALNUM.test(c)) {
      for (const l of c.toLowerCase()) {
        chars.push(l);
        at.push(index);
      }
    }
    index += c.length;
  }
  return { chars, at };
}

/** The needles matching `value` and its variants (see the module comment). */
function needles(value: string): Needle[] {
  const runs = value.split(/[^\p{L}\p{N}]+/u).filter((r) => r !== '');
  const boundaries = new Set<number>();
  const key: string[] = [];
  for (const run of runs) {
    boundaries.add(key.length);
    key.push(...skeleton(run).chars);
  }
  if (key.length === 0) return [];
  const hasDigit = key.some((c) => c >= '0' && c <= '9');
  const out: Needle[] = [{ key, gapBefore: hasDigit ? () => true : (i) => boundaries.has(i), digitCore: false }];
  const digits = /^\D*?(\d+)$/.exec(key.join(''))?.[1];
  const significant = digits?.replace(/^0+/, '') ?? '';
  if (significant.length >= 4) out.push({ key: [...significant], gapBefore: () => true, digitCore: true });
  return out;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** [start, end) ranges of `text` (whose skeleton is `sk`) where `needle` matches. */
function matches(text: string, sk: Skeleton, needle: Needle): [number, number][] {
  const { chars, at } = sk;
  const endOf = (k: number) => at[k] + String.fromCodePoint(text.codePointAt(at[k])!).length;
  /** Characters between skeleton entries a and b = a + 1 (negative: both from one character). */
  const gap = (a: number) => at[a + 1] - endOf(a);
  const spans: [number, number][] = [];
  for (let s = 0; s + needle.key.length <= chars.length; s++) {
    let ok = true;
    for (let i = 0; ok && i < needle.key.length; i++) {
      ok = chars[s + i] === needle.key[i] && (i === 0 || gap(s + i - 1) <= (needle.gapBefore(i) ? MAX_GAP : 0));
    }
    if (!ok) continue;
    let first = s;
    const last = s + needle.key.length - 1;
    if (needle.digitCore) {
      while (first > 0 && chars[first - 1] === '0' && gap(first - 1) <= MAX_GAP) first--;
      if (isDigit(text[at[first] - 1]) || isDigit(text[endOf(last)])) continue;
    }
    spans.push([at[first], endOf(last)]);
  }
  return spans;
}

/** `text` with the union of `spans` replaced by '[removed]' (overlapping spans become one). */
function replaceSpans(text: string, spans: [number, number][]): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let cursor = 0;
  let [start, end] = spans[0];
  for (const [s, e] of spans.slice(1)) {
    if (s < end) end = Math.max(end, e);
    else {
      out += text.slice(cursor, start) + REDACTED;
      cursor = end;
      [start, end] = [s, e];
    }
  }
  return out + text.slice(cursor, start) + REDACTED + text.slice(end);
}

/**
 * A function redacting `identifying` values (and their variants) and dates by `policy` from
 * free text, each occurrence replaced by '[removed]'. Build once, apply to many texts.
 * Identifiers are matched on the text's letters and digits (not by one large regular
 * expression: V8 takes seconds to compile an alternation of a study's identifiers).
 */
export function freeTextRedactor(identifying: readonly string[], policy: FreeTextPolicy): (text: string) => string {
  const values = [...new Set(identifying.map((v) => v.trim()).filter((v) => v !== ''))];
  const secretDates = values.filter((v) => /^\d{8}$/.test(v));
  const all = values.flatMap(needles);
  return (text) => {
    if (text === '') return text;
    const dated = redactDates(text, { allDates: policy.allDates, secretDates }, REDACTED);
    if (all.length === 0) return dated;
    // Identifiers are searched between redactions only, never inside the '[removed]' marks.
    return dated
      .split(REDACTED)
      .map((part) => {
        const sk = skeleton(part);
        return replaceSpans(part, all.flatMap((n) => matches(part, sk, n)));
      })
      .join(REDACTED);
  };
}

/** `text` with identifying values and dates redacted (freeTextRedactor, for one text). */
export function redactFreeText(text: string, identifying: readonly string[], policy: FreeTextPolicy = { allDates: true }): string {
  return freeTextRedactor(identifying, policy)(text);
}
