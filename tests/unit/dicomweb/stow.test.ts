import { describe, expect, it } from 'vitest';
import { multipartBoundary, parseMultipart } from '../../../src/core/dicomweb/multipart';
import { boundaryOccursIn, multipartRelatedBody, parseStowResponse, stowContentType, stowReasonText, stowUrl } from '../../../src/core/dicomweb/stow';

describe('STOW-RS request and answer', () => {
  it('builds a multipart/related body that the strict reader splits back into the same instances', () => {
    const a = new Uint8Array([1, 2, 3, 13, 10, 45, 45]);
    const b = new Uint8Array(1000).map((_, i) => (i * 7) & 255);
    const body = multipartRelatedBody([a, b], 'bnd-42');
    const parts = parseMultipart(body, multipartBoundary(stowContentType('bnd-42')));
    expect(parts.map((p) => [...p.body])).toEqual([[...a], [...b]]);
    expect(parts.map((p) => p.headers['content-type'])).toEqual(['application/dicom', 'application/dicom']);
    expect(stowContentType('bnd-42')).toBe('multipart/related; type="application/dicom"; boundary=bnd-42');
  });

  it('finds a boundary that occurs inside an instance', () => {
    const bytes = new TextEncoder().encode('xx--bnd-42yy');
    expect(boundaryOccursIn([bytes], 'bnd-42')).toBe(true);
    expect(boundaryOccursIn([bytes], 'bnd-43')).toBe(false);
  });

  it('stores into one study, or any', () => {
    expect(stowUrl('http://pacs/dicom-web/', '1.2.3')).toBe('http://pacs/dicom-web/studies/1.2.3');
    expect(stowUrl('/dicomweb-proxy/dicom-web')).toBe('/dicomweb-proxy/dicom-web/studies');
  });

  it('reads what was stored and what was refused with its reason (dataset or array of one)', () => {
    const answer = {
      '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3.4'] } }] },
      '00081198': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3.5'] }, '00081197': { vr: 'US', Value: [0x0122] } }, { '00081155': { vr: 'UI', Value: ['1.2.3.6'] } }] },
    };
    const expected = {
      stored: ['1.2.3.4'],
      refused: [
        { sopInstanceUID: '1.2.3.5', reason: 0x0122, explanation: 'the server does not accept this kind of object (SOP class not supported, 0x0122)' },
        { sopInstanceUID: '1.2.3.6', reason: null, explanation: 'refused without a reason' },
      ],
    };
    expect(parseStowResponse(answer)).toEqual(expected);
    expect(parseStowResponse([answer])).toEqual(expected);
    expect(parseStowResponse({})).toEqual({ stored: [], refused: [] });
    expect(() => parseStowResponse('ok')).toThrow('the STOW-RS answer is not a DICOM JSON dataset');
    expect(stowReasonText(0xa701)).toBe('the server is out of resources (0xA701)');
    expect(stowReasonText(0xc123)).toBe('the server cannot understand the object (0xC123)');
  });
});
