import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { inflateSync } from 'fflate';
import { TransferSyntax } from '../../../src/core/dicom/pixels/transferSyntax';
import { hasSharedDicom, sharedSeriesDir } from '../../helpers/sharedData';
import { type Element, encodeBody, joinPart10, metaGroup, rleFrame16 } from './tinyDicom';

/**
 * A valid file split into what mutations need: the meta part (preamble, DICM, group 0002) kept as
 * is, and the data set `body` in its byte layout (inflated for deflated files, so mutations hit
 * elements rather than the compressed stream; `file` deflates it again).
 */
export interface Seed {
  /** Name used as the FileSource path, so messages say which seed an input came from. */
  name: string;
  transferSyntaxUID: string;
  meta: Uint8Array;
  body: Uint8Array;
  deflated: boolean;
  littleEndian: boolean;
  explicitVr: boolean;
}

/** The Part 10 bytes of `seed`, or of `seed` with a mutated body. */
export function seedFile(seed: Seed, body: Uint8Array = seed.body): Uint8Array {
  return joinPart10(seed.meta, body, seed.deflated);
}

const ROWS = 8;
const COLUMNS = 8;
const US = (tag: number, v: number): Element => ({ tag, vr: 'US', value: [v] });
const S = (tag: number, vr: string, value: string): Element => ({ tag, vr, value });

/** 8×8 16-bit ramp: every stored value distinct, 12 bits used. */
export function ramp(frame: number): Uint16Array {
  return Uint16Array.from({ length: ROWS * COLUMNS }, (_, i) => (frame * 97 + i * 13) & 0x0fff);
}

/** Classic single-frame MR DWI header (b = 1000 along x) with a nested sequence to mutate. */
export function classicElements(pixel: Element): Element[] {
  return [
    S(0x00080008, 'CS', 'ORIGINAL\\PRIMARY'),
    S(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.4'),
    S(0x00080018, 'UI', '2.25.11'),
    S(0x00080060, 'CS', 'MR'),
    S(0x00080070, 'LO', 'FUZZ'),
    S(0x0008103e, 'LO', 'DTI fuzz seed'),
    {
      tag: 0x00081140,
      vr: 'SQ',
      value: [[S(0x00081150, 'UI', '1.2.840.10008.5.1.4.1.1.4'), S(0x00081155, 'UI', '2.25.12')]],
    },
    S(0x00100010, 'PN', 'FUZZ^SEED'),
    S(0x00100020, 'LO', 'FUZZ01'),
    S(0x00180050, 'DS', '3'),
    { tag: 0x00189087, vr: 'FD', value: [1000] },
    { tag: 0x00189089, vr: 'FD', value: [1, 0, 0] },
    S(0x0020000d, 'UI', '2.25.13'),
    S(0x0020000e, 'UI', '2.25.14'),
    S(0x00200011, 'IS', '5'),
    S(0x00200013, 'IS', '1'),
    S(0x00200032, 'DS', '-100\\-100\\20'),
    S(0x00200037, 'DS', '1\\0\\0\\0\\1\\0'),
    US(0x00280002, 1),
    S(0x00280004, 'CS', 'MONOCHROME2'),
    US(0x00280010, ROWS),
    US(0x00280011, COLUMNS),
    S(0x00280030, 'DS', '2\\2'),
    US(0x00280100, 16),
    US(0x00280101, 12),
    US(0x00280102, 11),
    US(0x00280103, 0),
    S(0x00281052, 'DS', '0'),
    S(0x00281053, 'DS', '1'),
    pixel,
  ];
}

/** Enhanced MR, 3 frames: shared pixel measures/orientation, per-frame position, diffusion, frame content. */
function enhancedElements(): Element[] {
  const frames = [0, 1, 2];
  const perFrame = frames.map((f): Element[] => [
    {
      tag: 0x00189117,
      vr: 'SQ',
      value: [
        [
          { tag: 0x00189075, vr: 'CS', value: f === 0 ? 'NONE' : 'DIRECTIONAL' },
          ...(f === 0
            ? []
            : [{ tag: 0x00189076, vr: 'SQ', value: [[{ tag: 0x00189089, vr: 'FD', value: f === 1 ? [1, 0, 0] : [0, 1, 0] }]] } as Element]),
          { tag: 0x00189087, vr: 'FD', value: [f === 0 ? 0 : 1000] },
        ],
      ],
    },
    { tag: 0x00209111, vr: 'SQ', value: [[{ tag: 0x00209157, vr: 'UL', value: [1, f + 1] }]] },
    { tag: 0x00209113, vr: 'SQ', value: [[S(0x00200032, 'DS', '-100\\-100\\20')]] },
  ]);
  const shared: Element[] = [
    { tag: 0x00209116, vr: 'SQ', value: [[S(0x00200037, 'DS', '1\\0\\0\\0\\1\\0')]] },
    { tag: 0x00289110, vr: 'SQ', value: [[S(0x00180050, 'DS', '3'), S(0x00280030, 'DS', '2\\2')]] },
  ];
  const all = classicElements({ tag: 0x7fe00010, vr: 'OW', value: Uint16Array.from(frames.flatMap((f) => [...ramp(f)])) })
    .filter((e) => ![0x00189087, 0x00189089, 0x00200032, 0x00200037, 0x00180050, 0x00280030].includes(e.tag))
    .map((e) => (e.tag === 0x00080016 ? S(e.tag, 'UI', '1.2.840.10008.5.1.4.1.1.4.1') : e));
  const at = all.findIndex((e) => e.tag > 0x00280008);
  all.splice(at, 0, S(0x00280008, 'IS', '3'));
  return [...all.slice(0, -1), { tag: 0x52009229, vr: 'SQ', value: [shared] }, { tag: 0x52009230, vr: 'SQ', value: perFrame }, all[all.length - 1]];
}

/** Small generated seeds, one per encoding the parser must survive; always available. */
export function generatedSeeds(): Seed[] {
  const native = classicElements({ tag: 0x7fe00010, vr: 'OW', value: ramp(0) });
  const make = (name: string, ts: string, elements: Element[], littleEndian: boolean, explicitVr: boolean): Seed => ({
    name: `generated/${name}.dcm`,
    transferSyntaxUID: ts,
    meta: metaGroup(ts),
    body: encodeBody(elements, { littleEndian, explicitVr }),
    deflated: ts === TransferSyntax.deflatedExplicitLittle,
    littleEndian,
    explicitVr,
  });
  return [
    make('explicit-le', TransferSyntax.explicitLittle, native, true, true),
    make('implicit-le', TransferSyntax.implicitLittle, native, true, false),
    make('explicit-be', TransferSyntax.explicitBig, native, false, true),
    make('deflate', TransferSyntax.deflatedExplicitLittle, native, true, true),
    make('enhanced', TransferSyntax.explicitLittle, enhancedElements(), true, true),
    make('rle', TransferSyntax.rle, classicElements({ tag: 0x7fe00010, vr: 'OB', fragments: [rleFrame16(ramp(0))] }), true, true),
    // Layouts the indexer accepts besides Part 10: preamble stripped, and bare data sets (no meta at all).
    { ...make('no-preamble', TransferSyntax.explicitLittle, native, true, true), meta: metaGroup(TransferSyntax.explicitLittle).slice(128) },
    { ...make('bare-implicit', TransferSyntax.implicitLittle, native, true, false), meta: new Uint8Array(0) },
    { ...make('bare-explicit', TransferSyntax.explicitLittle, native, true, true), meta: new Uint8Array(0) },
  ];
}

/** The first file of the shared series folders standing for each encoding: real vendor headers. */
const REAL_SEEDS: [string, string][] = [
  ['explicit-le', 'ge_01_Ax_DWI_TENSOR_R2'],
  ['implicit-le', 'ge_01_ts_implicit'],
  ['explicit-be', 'ge_01_ts_bigendian'],
  ['deflate', 'ge_01_ts_deflate'],
  ['rle', 'ge_01_ts_rle'],
  ['jpeg-ls', 'ge_01_ts_jpegls'],
  ['enhanced', 'siemens_xa60_14_ep2d_diff_phantom_enh'],
  // Vendor private headers the indexer parses: Philips private diffusion/scale tags, Siemens CSA
  // (binary, length-prefixed strings) in a mosaic, Toshiba with absent b0 attributes.
  ['philips-private', 'philips_701_DTI_Biobank_cl'],
  ['siemens-mosaic-csa', 'siemens_mosaic_csa_headeronly_nibabel'],
  ['toshiba', 'toshiba_7006_DTI_ortho'],
];

/** Real seeds (one small file per encoding) when ../shared/dicom is present, else []. */
export function realSeeds(): Seed[] {
  if (!hasSharedDicom) return [];
  return REAL_SEEDS.map(([name, id]) => {
    const dir = join(sharedSeriesDir(id), 'dicom');
    const file = readdirSync(dir).sort()[0];
    return splitPart10(`real/${name}/${id}/${file}`, new Uint8Array(readFileSync(join(dir, file))));
  });
}

/** Splits a valid Part 10 file into meta and (inflated) body. */
export function splitPart10(name: string, bytes: Uint8Array): Seed {
  const meta = dicomParser.readPart10Header(bytes);
  const position = (meta as unknown as { position: number }).position;
  const ts = (meta.string('x00020010') ?? '').replace(/\0/g, '').trim();
  const deflated = ts === TransferSyntax.deflatedExplicitLittle;
  return {
    name,
    transferSyntaxUID: ts,
    meta: bytes.slice(0, position),
    body: deflated ? inflateSync(bytes.subarray(position)) : bytes.slice(position),
    deflated,
    littleEndian: ts !== TransferSyntax.explicitBig,
    explicitVr: ts !== TransferSyntax.implicitLittle,
  };
}
