/**
 * A file name safe on Windows, macOS and Linux and inside archives: only [A-Za-z0-9._-],
 * accents dropped (é → e), no leading dot (hidden file) or dash (option-like), no trailing dot
 * or underscore, no Windows device name, at most 120 characters. Never empty ('export').
 */
export function sanitizeFileName(name: string): string {
  let safe = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, 120)
    .replace(/[._]+$/, '');
  if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i.test(safe)) safe = `_${safe}`;
  return safe === '' ? 'export' : safe;
}
