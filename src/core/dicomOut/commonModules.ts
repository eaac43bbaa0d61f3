import { PRIVATE_SCHEME } from './codes';
import type { Dataset } from './part10';
import type { SourceStudy } from './sourceSeries';

/**
 * The modules every result object shares: Patient and General Study copied from the source
 * study (so a PACS files it with its images), General Series / Equipment / SOP Common of our
 * own. `createdAt` is an ISO 8601 UTC time, written as DICOM DA/TM in UTC with its offset.
 */

export interface ObjectIdentity {
  sopClassUID: string;
  sopInstanceUID: string;
  seriesInstanceUID: string;
  seriesNumber: number;
  seriesDescription: string;
  modality: 'SEG' | 'SR' | 'MR' | 'CT';
  instanceNumber: number;
}

export interface Authoring {
  createdAt: string;
  appVersion: string;
}

/** DICOM DA and TM of an ISO 8601 time (UTC). */
export function dicomDateTime(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`not an ISO 8601 time: ${iso}`);
  const t = d.toISOString();
  return { date: t.slice(0, 10).replace(/-/g, ''), time: `${t.slice(11, 19).replace(/:/g, '')}.${t.slice(20, 23)}` };
}

/**
 * A source DA / TM value as copied into our objects: as read when valid, else empty (both are
 * type 2 there), so an anonymiser's placeholder ('***') does not make our object invalid.
 */
export function validDate(da: string): string {
  return /^\d{8}$/.test(da.trim()) ? da.trim() : '';
}

export function validTime(tm: string): string {
  return /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/.test(tm.trim()) ? tm.trim() : '';
}

/** A reader's name as a PN family-name component (a bare name without '^' is the retired form). */
export function personName(name: string): string {
  return name.includes('^') ? name : `${name}^`;
}

export function commonModules(source: SourceStudy, id: ObjectIdentity, authoring: Authoring): Dataset {
  const { date, time } = dicomDateTime(authoring.createdAt);
  return {
    SOPClassUID: id.sopClassUID,
    SOPInstanceUID: id.sopInstanceUID,
    SpecificCharacterSet: 'ISO_IR 192',
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    TimezoneOffsetFromUTC: '+0000',
    // Patient
    PatientName: source.patient.patientName,
    PatientID: source.patient.patientId,
    PatientBirthDate: validDate(source.patient.birthDate),
    PatientSex: source.patient.sex,
    // General Study
    StudyInstanceUID: source.study.studyInstanceUID,
    StudyDate: validDate(source.study.studyDate),
    StudyTime: validTime(source.study.studyTime),
    ReferringPhysicianName: '',
    StudyID: '',
    AccessionNumber: source.study.accessionNumber,
    StudyDescription: source.study.description,
    // General Series
    Modality: id.modality,
    SeriesInstanceUID: id.seriesInstanceUID,
    SeriesNumber: id.seriesNumber,
    SeriesDescription: id.seriesDescription,
    SeriesDate: date,
    SeriesTime: time,
    // General Equipment, Enhanced General Equipment
    Manufacturer: 'DTI Trial Viewer',
    ManufacturerModelName: 'DTI Trial Viewer',
    DeviceSerialNumber: 'none',
    SoftwareVersions: authoring.appVersion,
    InstanceNumber: id.instanceNumber,
    ContentDate: date,
    ContentTime: time,
    // Declares the app's private coding scheme (codes.ts) for the codes PS3.16 lacks.
    CodingSchemeIdentificationSequence: [{ CodingSchemeDesignator: PRIVATE_SCHEME, CodingSchemeName: 'DTI Trial Viewer private codes', CodingSchemeResponsibleOrganization: 'DTI Trial Viewer' }],
  };
}
