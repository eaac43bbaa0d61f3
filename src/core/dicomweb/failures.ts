/**
 * What the user reads when a DICOMweb server fails: which server, what was being done, what the
 * server answered and what to do. Pure. Messages never carry credentials: the server is named by
 * its origin and path only (user info and query removed).
 */

/** The server as shown in messages: no user info, query or fragment. */
export function serverLabel(baseUrl: string): string {
  return baseUrl.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1').replace(/[?#].*$/, '').replace(/\/+$/, '');
}

/** An HTTP error status while `doing` (e.g. 'searching studies', 'retrieving series 3 of 5'). */
export function httpFailureMessage(server: string, doing: string, status: number, statusText = ''): string {
  const answer = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  if (status === 401) return `${server} refused the credentials while ${doing} (${answer}): check the user name and password or the token.`;
  if (status === 403) return `${server} denied access while ${doing} (${answer}): this account may not read these studies.`;
  if (status === 404) return `${server} has no such resource while ${doing} (${answer}): check the DICOMweb URL (it usually ends in /dicom-web or /dicomweb).`;
  if (status >= 500) return `${server} failed while ${doing} (${answer}): a server error; try again later or ask its administrator.`;
  return `${server} answered ${answer} while ${doing}.`;
}

/** The request never got an answer (DNS, refused connection, TLS, CORS in a browser). */
export function unreachableMessage(server: string, doing: string, cause: string): string {
  return `Cannot reach ${server} while ${doing} (${cause}): check the URL and that the server is running and reachable from here.`;
}
