/**
 * Hosts `shell.openExternal` may open (exact host names, https only). Anything else a page
 * tries to open is dropped: a compromised renderer must not launch arbitrary URLs or local files.
 */
export const EXTERNAL_HOST_ALLOW_LIST: readonly string[] = ['github.com', 'dicom.nema.org'];

/** True when `url` is an https URL without credentials or custom port, on an allow-listed host. */
export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[] = EXTERNAL_HOST_ALLOW_LIST): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.port !== '') return false;
  return allowedHosts.includes(parsed.hostname.toLowerCase());
}
