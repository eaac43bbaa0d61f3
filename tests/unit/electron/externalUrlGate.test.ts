import { describe, expect, it } from 'vitest';
import { EXTERNAL_HOST_ALLOW_LIST, isAllowedExternalUrl } from '../../../electron/security/externalUrlGate';

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://github.com/',
    'https://github.com/some/repo/issues?q=1#x',
    'https://dicom.nema.org/medical/dicom/current/output/html/part03.html',
    'https://GITHUB.com/path',
  ])('accepts allow-listed https URL %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['http (not https)', 'http://github.com/'],
    ['file URL', 'file:///etc/passwd'],
    ['javascript URL', 'javascript:alert(1)'],
    ['data URL', 'data:text/html,<script>1</script>'],
    ['custom scheme', 'smb://github.com/share'],
    ['app scheme', 'app://bundle/index.html'],
    ['host not listed', 'https://evil.example/'],
    ['look-alike suffix', 'https://github.com.evil.example/'],
    ['look-alike prefix', 'https://evilgithub.com/'],
    ['subdomain not listed', 'https://gist.github.com/'],
    ['credentials', 'https://user:pw@github.com/'],
    ['credentials hiding host', 'https://github.com@evil.example/'],
    ['custom port', 'https://github.com:8443/'],
    ['not a URL', 'github.com'],
    ['empty', ''],
  ])('rejects %s', (_label, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('honours an explicit allow-list instead of the default', () => {
    expect(isAllowedExternalUrl('https://example.org/', ['example.org'])).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/', ['example.org'])).toBe(false);
  });

  it('default list holds bare host names only (no schemes, paths or wildcards)', () => {
    for (const host of EXTERNAL_HOST_ALLOW_LIST) expect(host).toMatch(/^[a-z0-9.-]+$/);
  });
});
