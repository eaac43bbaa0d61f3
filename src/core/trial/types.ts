/**
 * Trial metadata the reader attaches to one study (all user-editable, saved in the session).
 * None of it is read from DICOM: the subject ID is a pseudonym, never the patient's name.
 */
export interface TrialStudyMeta {
  /** Pseudonym typed by the user; '' means derive it from the trial salt and PatientID (see subjectId.ts). */
  subjectId: string;
  /** Visit label, e.g. '24 h', 'day 14' (suggested by suggestTimepoints, editable); '' means use the suggestion. */
  timepoint: string;
  /** Trial site code, e.g. 'site-03'. */
  site: string;
  /** Reader (rater) code or initials of whoever measured this study. */
  reader: string;
}
