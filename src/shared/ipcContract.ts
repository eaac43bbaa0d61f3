import { z } from 'zod';
import type { DicomIndex } from '../core/dicom/types.js';
import type { ChainReport } from '../core/store/auditChain.js';
import { HEIDELBERG_CODES } from '../core/trial/heidelberg.js';
import { ARTERIAL_TERRITORIES, INFARCT_SIDES } from '../core/trial/htRead.js';
import type { AuditEntry, MeasurementRecord, StoredRead, StoredRoi, StoredSegmentation } from '../core/store/records.js';
import type { StoreStatus } from '../core/store/storeStatus.js';
import type { IpcChannelName } from './ipcChannels.js';

/**
 * The one IPC contract between the Electron main process and the renderer.
 *
 * Main validates every argument against `ipcArgs` before a handler runs; the preload only uses
 * the channel names; the renderer imports the types. Every call returns an `IpcResult` envelope
 * instead of throwing, because errors thrown across `ipcMain.handle` reach the renderer as an
 * opaque "Error invoking remote method" string and lose their code.
 *
 * Paths in this contract are relative to an opened folder, '/'-separated, never absolute:
 * the renderer never learns or chooses a real filesystem path it could misuse.
 */

export { IpcChannel, IpcEvent, type DicomwebChannelName, type IpcChannelName, type StoreChannelName } from './ipcChannels.js';
/** Largest byte range one `file:read` may ask for (256 MiB): bounds main-process memory per call. */
export const MAX_READ_BYTES = 256 * 1024 * 1024;
/** Most files one `file:readMany` may name (a series of one file per slice and volume fits). */
export const MAX_READ_FILES = 16_384;
/** Largest export one `export:save` accepts (1 GiB). */
export const MAX_EXPORT_BYTES = 1024 * 1024 * 1024;

const folderId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a folder id');

/** A relative '/'-separated path: no NUL, no backslash, not absolute; traversal is re-checked on the real path in main. */
const relativePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0') && !p.includes('\\') && !p.startsWith('/'), 'not a relative path');

/**
 * Windows device names: a file so named, with any extension and in any case (NUL.csv, com1.txt),
 * opens the device instead (writes to NUL vanish). Trailing spaces before the dot do not help.
 */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])$/i;

/**
 * Why `name` must not be written on any system or misleads whoever reads it ('' when fine): a
 * Windows device name, or an invisible formatting character (Unicode Cf: bidirectional
 * overrides and isolates such as U+202E, which show 'report\u202Evsc.exe' as 'reportexe.csv';
 * zero-width characters) or a line or paragraph separator.
 */
export function deviceOrHiddenCharacterProblem(name: string): string {
  if (WINDOWS_DEVICE.test(name.split('.')[0].trimEnd())) return 'is a Windows device name (CON, PRN, AUX, NUL, COM1–9, LPT1–9), whatever the extension';
  const hidden = /[\p{Cf}\u2028\u2029]/u.exec(name);
  if (hidden) return `contains an invisible formatting or bidirectional-override character (U+${hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
  return '';
}

/** A file name offered to the save dialog: no directory part, no device name or hidden character. */
const suggestedName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !/[\\/\0]/.test(n) && n !== '.' && n !== '..', 'not a plain file name')
  .refine((n) => deviceOrHiddenCharacterProblem(n) === '', 'a Windows device name or a hidden character');

/**
 * Why `name` is not a plain file name for a folder export ('' when it is): no path separator,
 * no '..', no control character, none of the characters Windows refuses, not empty or over
 * 255 characters, no Windows device name or hidden character (deviceOrHiddenCharacterProblem). Main re-checks with this same rule before writing.
 */
export function plainFileNameProblem(name: string): string {
  if (name.length === 0 || name.length > 255) return 'empty or longer than 255 characters';
  if (/[\\/]/.test(name)) return 'contains a path separator';
  if (name.includes('..')) return "contains '..'";
  if (/\p{Cc}/u.test(name)) return 'contains a control character';
  if (/[<>:"|?*]/.test(name)) return 'contains a character Windows refuses (<>:"|?*)';
  if (name.trim() !== name || name.endsWith('.')) return 'starts or ends with a space, or ends with a dot';
  return deviceOrHiddenCharacterProblem(name);
}

/** Most files one `export:saveToFolder` may write (tables, provenance, every map and ROI mask of several fits). */
export const MAX_FOLDER_EXPORT_FILES = 256;

const exportData = z.union([
  z.custom<Uint8Array>((d) => d instanceof Uint8Array, 'expected bytes').refine((d) => d.byteLength <= MAX_EXPORT_BYTES, 'export too large'),
  z.string().max(MAX_EXPORT_BYTES),
]);

const exportSize = (data: Uint8Array | string) => (typeof data === 'string' ? data.length : data.byteLength);

const noArgs = z.undefined();

/** Most points one ROI outline may have: a freehand trace at sub-voxel sampling stays far below it. */
export const MAX_CONTOUR_POINTS = 20_000;
/** Most values one probe measurement may carry (one per map). */
export const MAX_PROBE_VALUES = 64;

// Measurement-store schemas: what the renderer sends is finite, bounded geometry before it reaches
// SQLite (zod 4's z.number() already refuses NaN and ±Infinity).
const vec3 = z.tuple([z.number(), z.number(), z.number()]);
const nonZeroVec3 = vec3.refine(([x, y, z]) => x * x + y * y + z * z > 1e-12, 'zero vector');
/** DICOM UIDs are ≤ 64 characters; printable ASCII is accepted so a non-conformant anonymiser's UIDs still work. */
const uid = z.string().regex(/^[\x21-\x7e]{1,64}$/, 'not a UID');
const entityId = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'not an id');
const reader = z.string().trim().min(1).max(200).regex(/^[^\p{Cc}]*$/u, 'control character in reader name');
const label = z.string().max(200);
const roiRole = z.enum(['infarct-core', 'contralateral-mirror', 'perilesional', 'other']);

const measurementKey = z.strictObject({ studyInstanceUID: uid, seriesInstanceUID: uid, frameOfReferenceUID: uid.nullable() });
const storeScope = z.union([measurementKey, z.strictObject({ studyInstanceUID: uid })]);

/** PlanarRoi (src/core/measure/types.ts): outline and plane in LPS mm. */
export const planarRoiSchema = z.strictObject({
  id: entityId,
  shape: z.enum(['ellipse', 'circle', 'rectangle', 'freehand', 'brush']),
  role: roiRole,
  name: label,
  plane: z.strictObject({ origin: vec3, normal: nonZeroVec3 }),
  contour: z.array(vec3).min(3).max(MAX_CONTOUR_POINTS),
  ellipse: z.strictObject({ centre: vec3, axisA: vec3, axisB: vec3 }).optional(),
  mirrorOf: entityId.optional(),
});

const segment = z.tuple([vec3, vec3]);
const length = z.number().nonnegative();
const abc2Slice = z.strictObject({ index: z.int().nonnegative(), locationMm: z.number() });
const mapName = z.string().min(1).max(32);
/** RoiStats (src/core/measure/types.ts): finite numbers in the map's native unit. */
const roiStatsSchema = z.strictObject({
  map: mapName,
  n: z.int().nonnegative(),
  mean: z.number(),
  sd: z.number(),
  median: z.number(),
  q1: z.number(),
  q3: z.number(),
  iqr: z.number(),
  min: z.number(),
  max: z.number(),
  areaMm2: z.number().optional(),
  volumeMl: z.number().optional(),
});
/** PerfusionProvenance (src/core/store/records.ts): AIF/VOF, constants and method of CT perfusion maps. */
const inputPoint = z.strictObject({ voxel: vec3, lpsMm: vec3, automatic: z.boolean() });
const perfusionProvenanceSchema = z.strictObject({
  aif: inputPoint,
  vof: inputPoint.nullable(),
  constants: z.strictObject({ hematocritFactor: z.number(), density: z.number(), oscillationIndex: z.number() }),
  method: z.string().max(2000),
  frameTimeSource: z.string().max(64),
  slabs: z
    .array(z.strictObject({ firstSlice: z.number(), endSlice: z.number(), baselineFrames: z.number(), patlakStartS: z.number().nullable(), partialVolumeScale: z.number() }))
    .max(1024),
});
/** RoiMeasured (src/core/store/records.ts): an ROI's statistics as computed, with their maps' provenance. */
const roiMeasuredSchema = z.strictObject({
  stats: z.array(roiStatsSchema).max(MAX_PROBE_VALUES),
  units: z.record(mapName, z.string().max(32)),
  fit: z.strictObject({
    fitId: entityId,
    estimator: z.enum(['ols', 'wls', 'iwls', 'osvd']),
    maskThreshold: z.number().nullable(),
    bValues: z.array(z.number()).max(256),
    appVersion: z.string().max(64),
    fittedAt: z.string().max(64),
    perfusion: perfusionProvenanceSchema.optional(),
  }),
  measuredAt: z.string().max(64),
});
/** MeasurementPayload (src/core/store/records.ts). */
const measurementPayload = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('length'), points: segment, lengthMm: length }),
  z.strictObject({ kind: z.literal('bidirectional'), long: segment, short: segment, longMm: length, shortMm: length }),
  z.strictObject({
    kind: z.literal('abc2'),
    aMm: length,
    bMm: length,
    cMm: length,
    volumeMl: length,
    modality: z.string().max(16).optional(),
    cMethod: z.enum(['slices', 'kothari']).optional(),
    slices: z.strictObject({ first: abc2Slice, last: abc2Slice, spacingMm: length }).nullable().optional(),
    planimetricMl: length.nullable().optional(),
    segmentation: z.enum(['brush', 'threshold']).nullable().optional(),
  }),
  z.strictObject({
    kind: z.literal('probe'),
    point: vec3,
    values: z.record(z.string().min(1).max(32), z.number()).refine((v) => Object.keys(v).length <= MAX_PROBE_VALUES, 'too many probe values'),
    fit: roiMeasuredSchema.shape.fit.optional(),
  }),
  z.strictObject({
    kind: z.literal('perfusionVolumes'),
    thresholds: z.strictObject({ coreRelativeCbf: z.number().finite().min(0).max(1), hypoperfusedTmaxS: z.number().finite().min(0).max(1000) }),
    referenceSide: z.enum(['+', '-']),
    referenceCbf: z.number().finite(),
    midline: z.strictObject({ origin: vec3, normal: nonZeroVec3 }),
    coreMl: length,
    hypoperfusedMl: length,
    mismatchMl: z.number().finite(),
    mismatchRatio: z.number().finite().nullable(),
    fit: roiMeasuredSchema.shape.fit,
  }),
]);

export const measurementInputSchema = z.strictObject({
  id: entityId,
  key: measurementKey,
  name: label,
  role: roiRole.nullable(),
  payload: measurementPayload,
});

/**
 * ReadInput (src/core/store/records.ts): a structured trial read of a case, keyed by its study
 * alone. Unanswered fields are null (a draft); the app's validator, not the store, decides whether
 * a read is complete.
 */
export const readInputSchema = z.strictObject({
  id: entityId,
  key: z.strictObject({ studyInstanceUID: uid, seriesInstanceUID: z.string().max(0, 'a read is of the whole study'), frameOfReferenceUID: z.string().max(0).nullable() }),
  role: z.enum(['reader', 'consensus']),
  reader,
  read: z.strictObject({
    heidelberg: z.array(z.enum(HEIDELBERG_CODES as [string, ...string[]])).max(HEIDELBERG_CODES.length).nullable(),
    symptomatic: z.boolean().nullable(),
    side: z.enum(INFARCT_SIDES).nullable(),
    territory: z.enum(ARTERIAL_TERRITORIES).nullable(),
    lesionCount: z.number().finite().min(0).max(1000).nullable(),
    comment: z.string().max(10_000),
  }),
});

/** Most voxels one stored segmentation may have (a 512³ grid): bounds main-process memory per call. */
export const MAX_SEGMENTATION_VOXELS = 512 * 512 * 512;

const dim = z.int().positive().max(4096);
/** SegmentationInput (src/core/store/records.ts): one label byte per voxel of its grid. */
export const segmentationInputSchema = z
  .strictObject({
    id: entityId,
    key: measurementKey,
    name: label,
    role: roiRole.nullable(),
    dims: z.tuple([dim, dim, dim]),
    affine: z.array(z.number()).length(16),
    labels: z.custom<Uint8Array>((d) => d instanceof Uint8Array, 'expected bytes'),
    measured: roiMeasuredSchema.optional(),
  })
  .refine((s) => s.dims[0] * s.dims[1] * s.dims[2] <= MAX_SEGMENTATION_VOXELS, 'segmentation too large')
  .refine((s) => s.labels.length === s.dims[0] * s.dims[1] * s.dims[2], 'labels do not fill the grid');

/** Largest answer one `dicomweb:request` may bring back (1 GiB): a series larger than this is not one request's worth. */
export const MAX_DICOMWEB_ANSWER_BYTES = 1024 * 1024 * 1024;
/** Largest body one `dicomweb:request` may send (one STOW-RS object: a SEG, SR or parametric map). */
export const MAX_DICOMWEB_SEND_BYTES = 1024 * 1024 * 1024;

/** An absolute http(s) URL without user info (credentials go in the Authorization header or the saved sign-in, never the URL). */
const serverUrl = z
  .string()
  .max(8192)
  .refine((u) => {
    try {
      const url = new URL(u);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'not an http(s) URL without user info');
/** A header value: printable, no line breaks (no header injection). */
const headerValue = z.string().max(16384).regex(/^[\x20-\x7e]*$/, 'not a printable header value');
const signInSecret = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('basic'), user: z.string().min(1).max(256), password: z.string().max(1024) }),
  z.strictObject({ kind: z.literal('bearer'), token: z.string().min(1).max(16384).regex(/^[\x21-\x7e]+$/, 'not a token') }),
]);

/** Argument schema of each channel (one argument per call, or none). */
export const ipcArgs = {
  'folder:open': noArgs,
  'folder:openDemo': noArgs,
  'file:read': z
    .strictObject({
      folderId,
      path: relativePath,
      /** Byte offsets [start, end) in the file. */
      start: z.int().nonnegative(),
      end: z.int().nonnegative(),
    })
    .refine((a) => a.end >= a.start && a.end - a.start <= MAX_READ_BYTES, 'bad byte range'),
  'folder:index': z.strictObject({ folderId }),
  /** Whole files; main refuses the call when their listed sizes add up to more than MAX_READ_BYTES. */
  'file:readMany': z.strictObject({
    folderId,
    paths: z.array(relativePath).min(1).max(MAX_READ_FILES),
  }),
  'export:save': z.strictObject({
    suggestedName,
    data: z.union([
      z.custom<Uint8Array>((d) => d instanceof Uint8Array, 'expected bytes').refine((d) => d.byteLength <= MAX_EXPORT_BYTES, 'export too large'),
      z.string().max(MAX_EXPORT_BYTES),
    ]),
  }),
  'export:saveToFolder': z.strictObject({
    files: z
      .array(
        z.strictObject({
          name: z.string().refine((n) => plainFileNameProblem(n) === '', 'not a plain file name'),
          data: exportData,
        }),
      )
      .min(1)
      .max(MAX_FOLDER_EXPORT_FILES)
      .refine((files) => new Set(files.map((f) => f.name.toLowerCase())).size === files.length, 'two files with the same name')
      .refine((files) => files.reduce((sum, f) => sum + exportSize(f.data), 0) <= MAX_EXPORT_BYTES, 'export too large'),
  }),
  'recent:list': noArgs,
  'recent:open': z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, 'not a recent id') }),
  'launch:takeFolder': noArgs,
  'app:info': noArgs,
  'store:saveRoi': z.strictObject({ key: measurementKey, roi: planarRoiSchema, reader, measured: roiMeasuredSchema.nullable().optional() }),
  'store:deleteRoi': z.strictObject({ id: entityId, reader }),
  'store:listRois': z.strictObject({ scope: storeScope }),
  'store:saveMeasurement': z.strictObject({ measurement: measurementInputSchema, reader }),
  'store:deleteMeasurement': z.strictObject({ id: entityId, reader }),
  'store:listMeasurements': z.strictObject({ scope: storeScope }),
  'store:history': z.strictObject({ id: entityId }),
  'store:saveSegmentation': z.strictObject({ segmentation: segmentationInputSchema, reader }),
  'store:deleteSegmentation': z.strictObject({ id: entityId, reader }),
  'store:listSegmentations': z.strictObject({ scope: storeScope }),
  'store:saveRead': z.strictObject({ read: readInputSchema, reader }),
  'store:listReads': z.strictObject({ scope: storeScope }),
  'store:status': noArgs,
  'store:verify': noArgs,
  'dicomweb:request': z.strictObject({
    /** The renderer's id for this request, for `dicomweb:cancel`. */
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a request id'),
    url: serverUrl,
    method: z.enum(['GET', 'POST']),
    accept: headerValue,
    contentType: headerValue.optional(),
    /** The sign-in typed this session, as its header; absent with `useSavedSignIn`. */
    authorization: headerValue.optional(),
    /** Main adds the sign-in saved for this server (decrypted in main only). */
    useSavedSignIn: z.boolean(),
    body: z
      .custom<Uint8Array>((d) => d instanceof Uint8Array, 'expected bytes')
      .refine((d) => d.byteLength <= MAX_DICOMWEB_SEND_BYTES, 'body too large')
      .optional(),
  }),
  'dicomweb:cancel': z.strictObject({ requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a request id') }),
  'dicomweb:saveSignIn': z.strictObject({ url: serverUrl, secret: signInSecret }),
  'dicomweb:savedSignIn': z.strictObject({ url: serverUrl }),
  'dicomweb:forgetSignIn': z.strictObject({ url: serverUrl }),
} satisfies Record<IpcChannelName, z.ZodType>;

export type IpcArgs<C extends IpcChannelName> = z.infer<(typeof ipcArgs)[C]>;

/** A folder opened in main: `folderId` is the capability the renderer passes back to `file:read`. */
export interface FolderListing {
  folderId: string;
  /** Display name: the folder's base name, or 'Demo study'. */
  name: string;
  /** Regular files, relative '/'-separated paths, sizes in bytes; sorted by path. */
  files: { path: string; size: number }[];
  /** Entries that could not be listed or were refused (symlink out of the folder, permission denied...). */
  unreadable: { path: string; reason: string }[];
}

/**
 * Whole files of `file:readMany`, end to end in `bytes` in the order asked, `sizes[i]` bytes each:
 * one buffer crosses the process boundary instead of one message per file.
 */
export interface FilesBytes {
  sizes: number[];
  bytes: Uint8Array;
}

/** Progress of a `folder:index` call (files indexed of the folder's listed files). */
export interface IndexProgressEvent {
  folderId: string;
  done: number;
  total: number;
}

/** Same shape as `SaveResult` in src/platform/Platform.ts (kept structural so main does not import renderer code). */
export type SaveResultDto = { saved: true; path: string } | { saved: false; reason: string };

/** Result of `export:saveToFolder`: the real path of the folder and the names written, or why nothing was. */
export type SaveFolderResultDto = { saved: true; folder: string; names: string[] } | { saved: false; reason: string };

export interface RecentFolderEntry {
  /** Opaque id for `recent:open` (hash of the path). */
  id: string;
  name: string;
  /** Absolute path, for display only. */
  path: string;
}

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  arch: string;
  versions: { electron: string; chrome: string; node: string };
}

/** A sign-in as `dicomweb:saveSignIn` takes it (the secret crosses to main once, never back). */
export type SignInSecret = z.infer<typeof signInSecret>;

/** What the page may know of a saved sign-in: its server, kind and user name, never the secret. */
export interface SavedSignIn {
  server: string;
  kind: 'basic' | 'bearer';
  /** '' for a token. */
  user: string;
}

/** A DICOMweb server's answer as main received it: any status (the renderer's client judges it), the bytes. */
export interface DicomwebAnswer {
  status: number;
  statusText: string;
  contentType: string;
  body: Uint8Array;
  /** The connection broke mid-body: `body` is what arrived before it, this is why. */
  brokenBy: string | null;
}

/** Result type of each channel. */
export interface IpcResults {
  'folder:open': FolderListing | null;
  'folder:openDemo': FolderListing;
  'file:read': Uint8Array;
  /** The folder's index as `indexFiles` gives it over the listing `folder:open` returned (same order, same skips). */
  'folder:index': DicomIndex;
  'file:readMany': FilesBytes;
  'export:save': SaveResultDto;
  'export:saveToFolder': SaveFolderResultDto;
  'recent:list': RecentFolderEntry[];
  'recent:open': FolderListing;
  /** The folder named on the command line (or the demo), once; null afterwards. */
  'launch:takeFolder': FolderListing | null;
  'app:info': AppInfo;
  'store:saveRoi': StoredRoi;
  /** False when there was no live ROI with that id. */
  'store:deleteRoi': boolean;
  'store:listRois': StoredRoi[];
  'store:saveMeasurement': MeasurementRecord;
  /** False when there was no live measurement with that id. */
  'store:deleteMeasurement': boolean;
  'store:listMeasurements': MeasurementRecord[];
  'store:history': AuditEntry[];
  'store:saveSegmentation': StoredSegmentation;
  /** False when there was no live segmentation with that id. */
  'store:deleteSegmentation': boolean;
  'store:listSegmentations': StoredSegmentation[];
  'store:saveRead': StoredRead;
  'store:listReads': StoredRead[];
  'store:status': StoreStatus;
  'store:verify': ChainReport;
  'dicomweb:request': DicomwebAnswer;
  /** False when no request with that id was under way. */
  'dicomweb:cancel': boolean;
  'dicomweb:saveSignIn': { saved: true } | { saved: false; reason: string };
  'dicomweb:savedSignIn': SavedSignIn | null;
  /** False when none was saved for that server. */
  'dicomweb:forgetSignIn': boolean;
}

export type IpcErrorCode =
  | 'FORBIDDEN_SENDER'
  | 'INVALID_ARGS'
  | 'NOT_FOUND'
  | 'OUTSIDE_FOLDER'
  | 'IO_ERROR'
  /** The measurement database is locked by another connection: nothing was written, the reader may try again. */
  | 'STORE_LOCKED'
  /** A DICOMweb server did not answer (refused, DNS, TLS, timeout); the message says why. */
  | 'UNREACHABLE'
  /** The renderer cancelled the request. */
  | 'CANCELLED'
  | 'INTERNAL';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Commands the application menu sends to the renderer. */
export type MenuCommand =
  | { kind: 'open-folder' }
  | { kind: 'open-demo' }
  /** Main already opened this folder (Recent menu): the renderer just shows it. */
  | { kind: 'folder-opened'; folder: FolderListing }
  | { kind: 'show-about' };

/**
 * What the preload exposes as `window.dtiApi`: one named method per channel, never a generic invoke.
 * Each returns the `IpcResult` envelope; `electronPlatform.ts` unwraps it.
 */
export interface DtiApi {
  openFolder(): Promise<IpcResult<IpcResults['folder:open']>>;
  openDemo(): Promise<IpcResult<IpcResults['folder:openDemo']>>;
  readFile(args: IpcArgs<'file:read'>): Promise<IpcResult<IpcResults['file:read']>>;
  indexFolder(args: IpcArgs<'folder:index'>): Promise<IpcResult<IpcResults['folder:index']>>;
  readFiles(args: IpcArgs<'file:readMany'>): Promise<IpcResult<IpcResults['file:readMany']>>;
  saveExport(args: IpcArgs<'export:save'>): Promise<IpcResult<IpcResults['export:save']>>;
  saveToFolder(args: IpcArgs<'export:saveToFolder'>): Promise<IpcResult<IpcResults['export:saveToFolder']>>;
  listRecent(): Promise<IpcResult<IpcResults['recent:list']>>;
  openRecent(args: IpcArgs<'recent:open'>): Promise<IpcResult<IpcResults['recent:open']>>;
  takeLaunchFolder(): Promise<IpcResult<IpcResults['launch:takeFolder']>>;
  appInfo(): Promise<IpcResult<IpcResults['app:info']>>;
  saveRoi(args: IpcArgs<'store:saveRoi'>): Promise<IpcResult<IpcResults['store:saveRoi']>>;
  deleteRoi(args: IpcArgs<'store:deleteRoi'>): Promise<IpcResult<IpcResults['store:deleteRoi']>>;
  listRois(args: IpcArgs<'store:listRois'>): Promise<IpcResult<IpcResults['store:listRois']>>;
  saveMeasurement(args: IpcArgs<'store:saveMeasurement'>): Promise<IpcResult<IpcResults['store:saveMeasurement']>>;
  deleteMeasurement(args: IpcArgs<'store:deleteMeasurement'>): Promise<IpcResult<IpcResults['store:deleteMeasurement']>>;
  listMeasurements(args: IpcArgs<'store:listMeasurements'>): Promise<IpcResult<IpcResults['store:listMeasurements']>>;
  measurementHistory(args: IpcArgs<'store:history'>): Promise<IpcResult<IpcResults['store:history']>>;
  saveSegmentation(args: IpcArgs<'store:saveSegmentation'>): Promise<IpcResult<IpcResults['store:saveSegmentation']>>;
  deleteSegmentation(args: IpcArgs<'store:deleteSegmentation'>): Promise<IpcResult<IpcResults['store:deleteSegmentation']>>;
  listSegmentations(args: IpcArgs<'store:listSegmentations'>): Promise<IpcResult<IpcResults['store:listSegmentations']>>;
  saveRead(args: IpcArgs<'store:saveRead'>): Promise<IpcResult<IpcResults['store:saveRead']>>;
  listReads(args: IpcArgs<'store:listReads'>): Promise<IpcResult<IpcResults['store:listReads']>>;
  storeStatus(): Promise<IpcResult<IpcResults['store:status']>>;
  verifyStore(): Promise<IpcResult<IpcResults['store:verify']>>;
  dicomwebRequest(args: IpcArgs<'dicomweb:request'>): Promise<IpcResult<IpcResults['dicomweb:request']>>;
  dicomwebCancel(args: IpcArgs<'dicomweb:cancel'>): Promise<IpcResult<IpcResults['dicomweb:cancel']>>;
  saveSignIn(args: IpcArgs<'dicomweb:saveSignIn'>): Promise<IpcResult<IpcResults['dicomweb:saveSignIn']>>;
  savedSignIn(args: IpcArgs<'dicomweb:savedSignIn'>): Promise<IpcResult<IpcResults['dicomweb:savedSignIn']>>;
  forgetSignIn(args: IpcArgs<'dicomweb:forgetSignIn'>): Promise<IpcResult<IpcResults['dicomweb:forgetSignIn']>>;
  /** Subscribe to menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Subscribe to indexing progress of this window's `folder:index` calls; returns the unsubscribe function. */
  onIndexProgress(listener: (progress: IndexProgressEvent) => void): () => void;
}
