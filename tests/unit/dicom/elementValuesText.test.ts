import type dicomParser from 'dicom-parser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { text } from '../../../src/core/dicom/elementValues';
import { parseHeader } from '../../../src/core/dicom/parseHeader';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir, sharedSeriesIds } from '../../helpers/sharedData';
import { el, mrElements, part10 } from './dicomBytes';

/** text() as it was: dicom-parser's string() with NULs removed and padding trimmed. */
function viaDicomParser(ds: dicomParser.DataSet, tag: string): string {
  const element = ds.elements[tag];
  if (!element || element.length === 0) return '';
  return (ds.string(tag) ?? '').replace(/\0/g, '').trim();
}

function outcome(f: () => string): string {
  try {
    return f();
  } catch (err) {
    return `throws ${String(err)}`;
  }
}

/** Every element of a data set and of its sequence items: text() equals the dicom-parser reading. */
function expectAllAsDicomParser(ds: dicomParser.DataSet, where: string): number {
  let n = 0;
  for (const [tag, element] of Object.entries(ds.elements)) {
    expect(outcome(() => text(ds, tag)), `${where} ${tag}`).toBe(outcome(() => viaDicomParser(ds, tag)));
    n++;
    for (const item of element.items ?? []) if (item.dataSet) n += expectAllAsDicomParser(item.dataSet, `${where} ${tag}[]`);
  }
  return n;
}

describe('text(): dicom-parser\'s string value, decoded in one call', () => {
  it('padding, embedded NUL, Latin-1 bytes, multi-values, empty and absent elements, synthetic meta Value', () => {
    const bytes = part10([
      ...mrElements({ instance: 3, position: [1, 2, 3] }),
      el(0x0008, 0x0080, 'LO', Uint8Array.from([0x20, 0x4d, 0xfc, 0x6e, 0x63, 0x68, 0x65, 0x6e, 0x20, 0x20])), // ' München  ' in Latin-1
      el(0x0008, 0x0090, 'PN', Uint8Array.from([0x41, 0x00, 0x42, 0x43])), // stops at the NUL
      el(0x0008, 0x1010, 'SH', ''),
    ]);
    const parsed = parseHeader('a.dcm', bytes, bytes.length);
    if (parsed.kind !== 'complete') throw new Error('not parsed');
    const ds = parsed.header.dataSet;
    expect(text(ds, 'x00080080')).toBe('München');
    expect(text(ds, 'x00080090')).toBe('A');
    expect(text(ds, 'x00080008')).toBe('ORIGINAL\\PRIMARY\\DIFFUSION');
    expect(text(ds, 'x00081010')).toBe('');
    expect(text(ds, 'x00091010')).toBe('');
    expect(expectAllAsDicomParser(ds, 'synthetic')).toBeGreaterThan(20);
    const synthetic = { elements: { x00020010: { tag: 'x00020010', vr: 'UI', Value: '1.2.840.10008.1.2' } }, string: () => '1.2.840.10008.1.2' } as unknown as dicomParser.DataSet;
    expect(text(synthetic, 'x00020010')).toBe('1.2.840.10008.1.2');
  });

  it('an element whose value runs past the buffer: dicom-parser\'s own error', () => {
    const bytes = part10(mrElements({ instance: 3, position: [1, 2, 3] }));
    const parsed = parseHeader('a.dcm', bytes, bytes.length);
    if (parsed.kind !== 'complete') throw new Error('not parsed');
    const ds = parsed.header.dataSet;
    const element = ds.elements.x00080060;
    const moved = { ...element, dataOffset: ds.byteArray.length - 1 };
    const fake = { ...ds, elements: { x00080060: moved }, string: ds.string } as unknown as dicomParser.DataSet;
    expect(outcome(() => text(fake, 'x00080060'))).toMatch(/^throws .*past end of buffer/);
  });

  it.skipIf(!hasSharedDicom)('every element of every real file\'s header (items included): as dicom-parser reads it', () => {
    let elements = 0;
    for (const id of sharedSeriesIds()) {
      const dir = join(sharedSeriesDir(id), 'dicom');
      for (const name of readdirSync(dir).slice(0, 40)) {
        const b = readFileSync(join(dir, name));
        const bytes = new Uint8Array(b.buffer, b.byteOffset, b.length);
        let parsed;
        try {
          parsed = parseHeader(name, bytes, bytes.length);
        } catch {
          continue;
        }
        if (parsed.kind === 'complete') elements += expectAllAsDicomParser(parsed.header.dataSet, `${id}/${name}`);
      }
    }
    expect(elements).toBeGreaterThan(20000);
  });
  if (!hasSharedDicom) it.skip(sharedDicomSkipMessage, () => {});
});
