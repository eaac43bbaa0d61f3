import { describe, expect, it } from 'vitest';
import { answerAsResponse } from '../../../src/platform/ipcDicomwebFetch';

describe('answerAsResponse (main\'s DICOMweb answer as a fetch Response)', () => {
  it('keeps status, Content-Type and bytes', async () => {
    const r = answerAsResponse({ status: 200, statusText: 'OK', contentType: 'application/dicom+json', body: new TextEncoder().encode('[]'), brokenBy: null });
    expect([r.status, r.statusText, r.headers.get('content-type')]).toEqual([200, 'OK', 'application/dicom+json']);
    expect(await r.text()).toBe('[]');
  });

  it('a 204 has no body (the Response constructor refuses one)', async () => {
    const r = answerAsResponse({ status: 204, statusText: 'No Content', contentType: '', body: new Uint8Array(), brokenBy: null });
    expect(r.status).toBe(204);
    expect(r.body).toBeNull();
  });

  it('a body cut off in main delivers its bytes, then errors the stream with the reason', async () => {
    const reader = answerAsResponse({ status: 200, statusText: 'OK', contentType: 'multipart/related; boundary=b', body: new Uint8Array([1, 2, 3]), brokenBy: 'other side closed' }).body!.getReader();
    expect([...(await reader.read()).value!]).toEqual([1, 2, 3]);
    await expect(reader.read()).rejects.toThrow('other side closed');
  });
});
