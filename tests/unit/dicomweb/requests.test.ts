import { describe, expect, it } from 'vitest';
import { parseSeries, parseStudies } from '../../../src/core/dicomweb/dicomJson';
import { httpFailureMessage, serverLabel, unreachableMessage } from '../../../src/core/dicomweb/failures';
import { qidoDate, requestHeaders, seriesRetrieveUrl, seriesSearchUrl, studySearchUrl, WADO_INSTANCES_ACCEPT } from '../../../src/core/dicomweb/requests';

describe('QIDO-RS study search URL', () => {
  it('puts every filled field in the query, a name as a prefix match, dates without dashes', () => {
    const url = studySearchUrl('http://pacs:8042/dicom-web/', { patientId: ' SUBJ-001 ', patientName: 'Doe', studyDate: '2024-03-12', modality: 'mr', limit: 20 });
    const [base, query] = url.split('?');
    expect(base).toBe('http://pacs:8042/dicom-web/studies');
    const params = new URLSearchParams(query);
    expect(params.get('PatientID')).toBe('SUBJ-001');
    expect(params.get('PatientName')).toBe('Doe*');
    expect(params.get('StudyDate')).toBe('20240312');
    expect(params.get('ModalitiesInStudy')).toBe('MR');
    expect(params.get('limit')).toBe('20');
    expect(params.getAll('includefield')).toContain('StudyDescription');
  });

  it('leaves empty fields out, keeps a wildcard name as typed, works on a same-origin proxy path', () => {
    const url = studySearchUrl('/dicomweb-proxy/dicom-web', { patientId: '', patientName: 'DOE^J?HN' });
    expect(url.startsWith('/dicomweb-proxy/dicom-web/studies?')).toBe(true);
    const params = new URLSearchParams(url.split('?')[1]);
    expect(params.has('PatientID')).toBe(false);
    expect(params.has('StudyDate')).toBe(false);
    expect(params.get('PatientName')).toBe('DOE^J?HN');
    expect(url).toContain('PatientName=DOE%5EJ%3FHN');
  });

  it('reads dates and ranges, refusing what is not a date', () => {
    expect(qidoDate('20240312')).toBe('20240312');
    expect(qidoDate('2024-03-01 - 2024-03-31')).toBe('20240301-20240331');
    expect(qidoDate('2024-03-01-')).toBe('20240301-');
    expect(qidoDate('-20240331')).toBe('-20240331');
    expect(() => qidoDate('March 2024')).toThrow(/'March 2024' is not a date/);
    expect(() => studySearchUrl('http://x', { studyDate: '12/03/2024' })).toThrow(/not a date/);
  });
});

describe('WADO-RS requests', () => {
  it('escapes UIDs into the series URL and lists series with their fields', () => {
    expect(seriesRetrieveUrl('http://h/dw', '1.2.3', '1.2.3.4')).toBe('http://h/dw/studies/1.2.3/series/1.2.3.4');
    expect(seriesSearchUrl('http://h/dw/', '1.2')).toMatch(/^http:\/\/h\/dw\/studies\/1\.2\/series\?includefield=SeriesDescription&/);
  });

  it('asks for instances as stored (transfer-syntax=*), with basic or bearer authorization', () => {
    expect(WADO_INSTANCES_ACCEPT).toBe('multipart/related; type="application/dicom"; transfer-syntax=*');
    expect(requestHeaders({ kind: 'none' }, 'a/b')).toEqual({ Accept: 'a/b' });
    // RFC 7617 example, and a UTF-8 user name.
    expect(requestHeaders({ kind: 'basic', user: 'Aladdin', password: 'open sesame' }, 'x').Authorization).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
    expect(requestHeaders({ kind: 'basic', user: 'test', password: '123£' }, 'x').Authorization).toBe('Basic dGVzdDoxMjPCow==');
    expect(requestHeaders({ kind: 'bearer', token: ' abc.def ' }, 'x').Authorization).toBe('Bearer abc.def');
  });
});

describe('DICOM JSON results', () => {
  it('reads a study row, person names by their alphabetic form, and leaves out results without a UID', () => {
    const json = [
      {
        '0020000D': { vr: 'UI', Value: ['1.2.840.1'] },
        '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JOHN' }] },
        '00100020': { vr: 'LO', Value: ['SUBJ-001'] },
        '00080020': { vr: 'DA', Value: ['20240312'] },
        '00080061': { vr: 'CS', Value: ['MR', 'CT'] },
        '00201206': { vr: 'IS', Value: [3] },
        '00201208': { vr: 'IS', Value: ['186'] },
      },
      { '00100020': { vr: 'LO', Value: ['NO-UID'] } },
    ];
    expect(parseStudies(json)).toEqual([
      { studyInstanceUID: '1.2.840.1', patientName: 'DOE^JOHN', patientId: 'SUBJ-001', studyDate: '20240312', description: '', accessionNumber: '', modalities: ['MR', 'CT'], seriesCount: 3, instanceCount: 186 },
    ]);
    expect(() => parseStudies({ error: 'x' })).toThrow(/not DICOM JSON/);
  });

  it('orders series by number, those without one last', () => {
    const s = (uid: string, n?: number) => ({ '0020000E': { Value: [uid] }, ...(n === undefined ? {} : { '00200011': { Value: [n] } }) });
    expect(parseSeries([s('c'), s('b', 2), s('a', 1)]).map((x) => x.seriesInstanceUID)).toEqual(['a', 'b', 'c']);
  });
});

describe('failure messages', () => {
  it('name the server without credentials and say what to do', () => {
    expect(serverLabel('https://bob:secret@pacs.example/dicom-web/?token=abc')).toBe('https://pacs.example/dicom-web');
    expect(httpFailureMessage('http://p', 'searching studies', 401, 'Unauthorized')).toBe('http://p refused the credentials while searching studies (HTTP 401 Unauthorized): check the user name and password or the token.');
    expect(httpFailureMessage('http://p', 'retrieving series 2 of 3', 500)).toMatch(/failed while retrieving series 2 of 3 \(HTTP 500\): a server error/);
    expect(unreachableMessage('http://p', 'searching studies', 'ECONNREFUSED')).toMatch(/^Cannot reach http:\/\/p while searching studies \(ECONNREFUSED\)/);
  });
});
