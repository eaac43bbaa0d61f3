/**
 * The attributes of DICOM PS3.15 Annex E Table E.1-1 (Basic Application Level Confidentiality
 * Profile) that a session can carry, with what an export does to each. The profile's X/Z/D
 * actions all mean "not emitted" here (an export is not a DICOM file, so there is no dummy
 * value to keep), U means "replaced by a salted hash UID", dates are shifted or removed.
 * Each entry names the opt-in flag that emits the original value instead.
 */

/** Opt-in flags that put original identifiers into an export. */
export const IDENTIFIER_FLAGS = [
  'patientId',
  'patientName',
  'birthDate',
  'sexAge',
  'patientAddress',
  'dates',
  'uids',
  'accessionNumber',
  'institution',
  'physicians',
  'device',
  'descriptions',
] as const;
export type IdentifierFlag = (typeof IDENTIFIER_FLAGS)[number];

/** 'remove': X/Z/D; 'uid': U; 'date': DA shifted or removed; 'time': TM/DT kept only with the 'dates' flag. */
export type ProfileAction = 'remove' | 'uid' | 'date' | 'time';

/** Which session object holds the attribute. */
export type ProfileScope = 'patient' | 'study' | 'series';

export interface ProfileEntry {
  keyword: string;
  tag: string;
  scope: ProfileScope;
  /** Field name in the session file (sessionFile.ts). */
  field: string;
  action: ProfileAction;
  flag: IdentifierFlag;
  /** Person name (PN): its '^' components are redacted from free text too. */
  personName?: boolean;
}

export const BASIC_PROFILE: readonly ProfileEntry[] = [
  { keyword: 'PatientName', tag: '(0010,0010)', scope: 'patient', field: 'patientName', action: 'remove', flag: 'patientName', personName: true },
  { keyword: 'PatientID', tag: '(0010,0020)', scope: 'patient', field: 'patientId', action: 'remove', flag: 'patientId' },
  { keyword: 'PatientBirthDate', tag: '(0010,0030)', scope: 'patient', field: 'birthDate', action: 'remove', flag: 'birthDate' },
  { keyword: 'PatientSex', tag: '(0010,0040)', scope: 'patient', field: 'sex', action: 'remove', flag: 'sexAge' },
  { keyword: 'PatientAge', tag: '(0010,1010)', scope: 'patient', field: 'age', action: 'remove', flag: 'sexAge' },
  { keyword: 'OtherPatientIDs', tag: '(0010,1000)', scope: 'patient', field: 'otherPatientIds', action: 'remove', flag: 'patientId' },
  { keyword: 'PatientAddress', tag: '(0010,1040)', scope: 'patient', field: 'address', action: 'remove', flag: 'patientAddress' },
  { keyword: 'StudyInstanceUID', tag: '(0020,000D)', scope: 'study', field: 'studyInstanceUID', action: 'uid', flag: 'uids' },
  { keyword: 'StudyDate', tag: '(0008,0020)', scope: 'study', field: 'studyDate', action: 'date', flag: 'dates' },
  { keyword: 'StudyTime', tag: '(0008,0030)', scope: 'study', field: 'studyTime', action: 'time', flag: 'dates' },
  { keyword: 'AccessionNumber', tag: '(0008,0050)', scope: 'study', field: 'accessionNumber', action: 'remove', flag: 'accessionNumber' },
  { keyword: 'StudyID', tag: '(0020,0010)', scope: 'study', field: 'studyId', action: 'remove', flag: 'accessionNumber' },
  { keyword: 'StudyDescription', tag: '(0008,1030)', scope: 'study', field: 'description', action: 'remove', flag: 'descriptions' },
  { keyword: 'InstitutionName', tag: '(0008,0080)', scope: 'study', field: 'institutionName', action: 'remove', flag: 'institution' },
  { keyword: 'InstitutionAddress', tag: '(0008,0081)', scope: 'study', field: 'institutionAddress', action: 'remove', flag: 'institution' },
  { keyword: 'ReferringPhysicianName', tag: '(0008,0090)', scope: 'study', field: 'referringPhysicianName', action: 'remove', flag: 'physicians', personName: true },
  { keyword: 'PerformingPhysicianName', tag: '(0008,1050)', scope: 'study', field: 'performingPhysicianName', action: 'remove', flag: 'physicians', personName: true },
  { keyword: 'OperatorsName', tag: '(0008,1070)', scope: 'study', field: 'operatorsName', action: 'remove', flag: 'physicians', personName: true },
  { keyword: 'StationName', tag: '(0008,1010)', scope: 'study', field: 'stationName', action: 'remove', flag: 'device' },
  { keyword: 'DeviceSerialNumber', tag: '(0018,1000)', scope: 'study', field: 'deviceSerialNumber', action: 'remove', flag: 'device' },
  { keyword: 'SeriesInstanceUID', tag: '(0020,000E)', scope: 'series', field: 'seriesInstanceUID', action: 'uid', flag: 'uids' },
  { keyword: 'FrameOfReferenceUID', tag: '(0020,0052)', scope: 'series', field: 'frameOfReferenceUID', action: 'uid', flag: 'uids' },
  { keyword: 'SeriesDescription', tag: '(0008,103E)', scope: 'series', field: 'description', action: 'remove', flag: 'descriptions' },
  { keyword: 'SeriesDate', tag: '(0008,0021)', scope: 'series', field: 'seriesDate', action: 'date', flag: 'dates' },
  { keyword: 'SeriesTime', tag: '(0008,0031)', scope: 'series', field: 'seriesTime', action: 'time', flag: 'dates' },
];
