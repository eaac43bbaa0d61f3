import type { FetchFn } from '../../src/platform/Platform';

/** The platform fetch as Node's global fetch (a request body passed as its bytes). */
export const nodeFetch: FetchFn = (url, { body, ...init }) => fetch(url, { ...init, body: body as BodyInit | undefined });
