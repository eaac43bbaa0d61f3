import dicomParser from 'dicom-parser';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { multipartRelatedBody } from '../../src/core/dicomweb/stow';
import { multipartBoundary, parseMultipart } from '../../src/core/dicomweb/multipart';

/**
 * A small DICOMweb server on loopback (QIDO-RS, WADO-RS, STOW-RS over real HTTP) holding a few
 * instances in memory, whose answers a test can break on purpose: an HTTP status, a body cut
 * off mid-transfer (socket destroyed), a malformed multipart answer. Every request is recorded.
 */

export interface FakeInstance {
  studyUID: string;
  seriesUID: string;
  seriesNumber: number;
  seriesDescription: string;
  sopUID: string;
  bytes: Uint8Array;
}

/** What to do with one request instead of answering it properly; null answers it properly. */
export type Fault =
  | { status: number; statusText?: string; body?: string; contentType?: string }
  /** Sends the first `bytes` bytes of the proper answer, then destroys the connection. */
  | { cutAfter: number }
  /** Answers with this Content-Type and body (a malformed answer). */
  | { contentType: string; rawBody: string }
  | null;

export interface RecordedRequest {
  method: string;
  /** Path and query under the DICOMweb root. */
  path: string;
  authorization: string | undefined;
}

export interface FakeDicomweb {
  /** The DICOMweb root, e.g. http://127.0.0.1:40123/dicom-web */
  url: string;
  requests: RecordedRequest[];
  /** Instances held, including those stored by STOW-RS. */
  instances: FakeInstance[];
  /** Decides each request's fault (default: none). */
  fault: (request: RecordedRequest) => Fault;
  close(): Promise<void>;
}

/** The identifying attributes of a Part 10 instance. */
export function describeInstance(bytes: Uint8Array): FakeInstance {
  const ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  const s = (tag: string) => (ds.string(tag) ?? '').trim();
  return { studyUID: s('x0020000d'), seriesUID: s('x0020000e'), seriesNumber: Number(s('x00200011') || 0), seriesDescription: s('x0008103e'), sopUID: s('x00080018'), bytes };
}

const BOUNDARY = 'fake-dicomweb-boundary-7f3a';

function json(res: ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, { 'Content-Type': 'application/dicom+json' });
  res.end(JSON.stringify(value));
}

function uidElement(uid: string) {
  return { vr: 'UI', Value: [uid] };
}

async function readRequestBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

export async function startFakeDicomweb(initial: readonly Uint8Array[], options: { user?: { name: string; password: string } } = {}): Promise<FakeDicomweb> {
  const instances = initial.map(describeInstance);
  const requests: RecordedRequest[] = [];
  const expectedAuth = options.user ? `Basic ${Buffer.from(`${options.user.name}:${options.user.password}`).toString('base64')}` : null;
  const fake: FakeDicomweb = { url: '', requests, instances, fault: () => null, close: async () => undefined };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').replace(/^\/dicom-web/, '');
    const recorded = { method: req.method ?? 'GET', path, authorization: req.headers.authorization };
    requests.push(recorded);
    const body = req.method === 'POST' ? await readRequestBody(req) : new Uint8Array();
    if (expectedAuth && req.headers.authorization !== expectedAuth) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="fake"' }).end('no');
      return;
    }
    const fault = fake.fault(recorded);
    if (fault && 'status' in fault) {
      res.writeHead(fault.status, fault.statusText ?? '', { 'Content-Type': fault.contentType ?? 'text/plain' }).end(fault.body ?? 'fault');
      return;
    }
    if (fault && 'rawBody' in fault) {
      res.writeHead(200, { 'Content-Type': fault.contentType }).end(fault.rawBody);
      return;
    }
    const [pathname] = path.split('?');
    const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
    let answer: { type: string; bytes: Uint8Array } | null = null;
    if (req.method === 'POST' && parts[0] === 'studies') {
      const received = parseMultipart(body, multipartBoundary(req.headers['content-type'] ?? ''));
      const stored = received.map((p) => describeInstance(p.body));
      for (const s of stored) if (!instances.some((i) => i.sopUID === s.sopUID)) instances.push(s);
      json(res, { '00081199': { vr: 'SQ', Value: stored.map((s) => ({ '00081155': uidElement(s.sopUID) })) } });
      return;
    }
    if (parts[0] === 'studies' && parts.length === 1) {
      const studies = [...new Set(instances.map((i) => i.studyUID))];
      answer = { type: 'application/dicom+json', bytes: Buffer.from(JSON.stringify(studies.map((uid) => ({ '0020000D': uidElement(uid) })))) };
    } else if (parts.length === 3 && parts[2] === 'series') {
      const series = [...new Map(instances.filter((i) => i.studyUID === parts[1]).map((i) => [i.seriesUID, i])).values()];
      json(res, series.map((i) => ({ '0020000E': uidElement(i.seriesUID), '00200011': { vr: 'IS', Value: [i.seriesNumber] }, '0008103E': { vr: 'LO', Value: [i.seriesDescription] } })));
      return;
    } else if (parts.length === 5 && parts[4] === 'instances') {
      json(res, instances.filter((i) => i.seriesUID === parts[3]).map((i) => ({ '00080018': uidElement(i.sopUID) })));
      return;
    } else if (parts.length === 4 && parts[2] === 'series') {
      answer = { type: `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`, bytes: multipartRelatedBody(instances.filter((i) => i.seriesUID === parts[3]).map((i) => i.bytes), BOUNDARY) };
    } else if (parts.length === 6 && parts[4] === 'instances') {
      const one = instances.filter((i) => i.sopUID === parts[5]);
      if (one.length === 0) {
        res.writeHead(404).end();
        return;
      }
      answer = { type: `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`, bytes: multipartRelatedBody(one.map((i) => i.bytes), BOUNDARY) };
    }
    if (!answer) {
      res.writeHead(404).end();
      return;
    }
    if (fault && 'cutAfter' in fault) {
      // A declared length longer than what is sent: the client sees the connection end mid-body.
      res.writeHead(200, { 'Content-Type': answer.type, 'Content-Length': String(answer.bytes.length) });
      res.write(answer.bytes.subarray(0, fault.cutAfter), () => res.destroy());
      return;
    }
    res.writeHead(200, { 'Content-Type': answer.type, 'Content-Length': String(answer.bytes.length) });
    res.end(answer.bytes);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web`;
  fake.close = () =>
    new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
  return fake;
}
