import { describe, expect, it } from 'vitest';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import type { PatientEntry } from '../../../src/core/dicom/types';
import { buildExportFiles } from '../../../src/core/export/exportFiles';
import type { ExportOptions } from '../../../src/core/export/exportModel';
import type { SessionFile } from '../../../src/core/export/sessionFile';
import { hasSharedDicom, sharedSeriesDir } from '../../helpers/sharedData';
import { roi, session, stats, study } from './sessionFixture';

const options: ExportOptions = { salt: 'real-data-salt', dates: 'remove', include: [], units: 'trial', appVersion: '0.1.0', exportedAt: '2024-04-01T00:00:00.000Z' };

/** A session as the app would save it after measuring one ROI on the first series of a real folder. */
function sessionFromIndex(p: PatientEntry): SessionFile {
  const st = p.studies[0];
  const se = st.series[0];
  const measured = { ...roi('roi-1', 'infarct-core', 'core', [stats('md', 0.0007)]), seriesInstanceUID: se.seriesInstanceUID };
  const s = session(p.patientId, [
    study(st.studyInstanceUID, st.studyDate, [measured], {
      studyTime: st.studyTime,
      accessionNumber: st.accessionNumber,
      description: st.description,
      series: [{ seriesInstanceUID: se.seriesInstanceUID, frameOfReferenceUID: se.frameOfReferenceUID, description: se.description, fit: null }],
    }),
  ], p.patientName);
  return { ...s, patient: { ...s.patient, birthDate: p.birthDate, sex: p.sex } };
}

describe.skipIf(!hasSharedDicom)('de-identification of real scanner headers', () => {
  it.each(['philips_701_DTI_Biobank_cl', 'toshiba_7006_DTI_ortho'])('%s: real PatientID, name, birth date, UIDs and dates stay out of every file', async (id) => {
    const index = await indexFiles(await listFolder(`${sharedSeriesDir(id)}/dicom`));
    const p = index.patients[0];
    const real = [p.patientId, p.patientName, p.birthDate, p.studies[0].studyInstanceUID, p.studies[0].studyDate, p.studies[0].series[0].seriesInstanceUID, p.studies[0].series[0].frameOfReferenceUID ?? ''].filter((v) => v !== '');
    // These folders carry real (if already pseudonymous) identifiers: at least ID, UIDs and a date.
    expect(real.length).toBeGreaterThanOrEqual(5);
    const sess = sessionFromIndex(p);
    const text = buildExportFiles([sess], options).files.map((f) => f.text).join('\n');
    for (const value of real) expect(text, `leaked ${value}`).not.toContain(value);
    expect(text).toContain('700'); // the measurement itself is exported

    const optedIn = buildExportFiles([sess], { ...options, include: ['uids', 'dates'] }).files.map((f) => f.text).join('\n');
    expect(optedIn).toContain(p.studies[0].studyInstanceUID);
    expect(optedIn).toContain(p.studies[0].studyDate);
  });
});

