/**
 * The timing tags of one image, as read (unconverted where the source is ambiguous); which of them
 * gives a series its frame times is decided for the whole series (see chooseTimeSource).
 */
export interface FrameTiming {
  /** Enhanced objects: FrameAcquisitionDateTime (0018,9074), else FrameReferenceDateTime (0018,9151), as s from 1970 (UTC, offset ignored). */
  frameDateTimeS: number | null;
  /** TemporalPositionIdentifier (0020,0100). */
  temporalPosition: number | null;
  /** TriggerTime (0018,1060), ms. */
  triggerTimeMs: number | null;
  /** AcquisitionNumber (0020,0012). */
  acquisitionNumber: number | null;
  /** AcquisitionTime (0008,0032), s after midnight. */
  acquisitionTimeS: number | null;
  /** ContentTime (0008,0033), s after midnight. */
  contentTimeS: number | null;
}
