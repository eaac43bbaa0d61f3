import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's Orthanc binary and its DICOMweb plugin (packages `orthanc`, `orthanc-dicomweb`). */
const ORTHANC_BIN = '/usr/sbin/Orthanc';
const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export const hasOrthanc = existsSync(ORTHANC_BIN) && existsSync(DICOMWEB_PLUGIN);

/** Printed by suites that skip for lack of the server, so a skip is never silent. */
export const orthancSkipMessage = `Orthanc with its DICOMweb plugin not found (${ORTHANC_BIN}, ${DICOMWEB_PLUGIN}): apt-get install orthanc orthanc-dicomweb; DICOMweb server tests skipped`;

export interface OrthancOptions {
  /** Require HTTP basic authentication with this user (Orthanc answers 401 otherwise). */
  user?: { name: string; password: string };
}

export interface RunningOrthanc {
  /** Orthanc's REST root, e.g. http://127.0.0.1:40123 */
  restUrl: string;
  /** The DICOMweb root (QIDO/WADO/STOW), e.g. http://127.0.0.1:40123/dicom-web */
  dicomwebUrl: string;
  /** Headers that authenticate as the configured user (empty without one). */
  authHeaders: Record<string, string>;
  /** Stores DICOM files through Orthanc's REST API (`POST /instances`). */
  upload(files: readonly Uint8Array[]): Promise<void>;
  stop(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 at the time of asking. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(url: string, headers: Record<string, string>, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Orthanc exited with code ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/system`, { headers });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Orthanc did not answer at ${url} within 30 s:\n${log()}`);
}

/**
 * Starts Orthanc with the DICOMweb plugin on free loopback ports (HTTP and DICOM both bound to
 * 127.0.0.1 only, never other addresses), a temporary storage folder and a generated config;
 * `stop()` ends that process (by its id) and removes the folder.
 */
export async function startOrthanc(options: OrthancOptions = {}): Promise<RunningOrthanc> {
  const dir = mkdtempSync(join(tmpdir(), 'dti-orthanc-'));
  const [httpPort, dicomPort] = [await freePort(), await freePort()];
  const config = {
    Name: 'DTI-TEST',
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'storage'),
    HttpPort: httpPort,
    DicomPort: dicomPort,
    // Loopback only: the test server must never be reachable from other machines.
    HttpBindAddress: '127.0.0.1',
    DicomBindAddress: '127.0.0.1',
    RemoteAccessAllowed: false,
    AuthenticationEnabled: options.user !== undefined,
    RegisteredUsers: options.user ? { [options.user.name]: options.user.password } : {},
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false },
    HttpDescribeErrors: true,
    StableAge: 1,
  };
  const configPath = join(dir, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(config));
  const child = spawn(ORTHANC_BIN, [configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const restUrl = `http://127.0.0.1:${httpPort}`;
  const authHeaders: Record<string, string> = options.user
    ? { Authorization: `Basic ${Buffer.from(`${options.user.name}:${options.user.password}`).toString('base64')}` }
    : {};
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswering(restUrl, authHeaders, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    restUrl,
    dicomwebUrl: `${restUrl}/dicom-web`,
    authHeaders,
    async upload(files) {
      for (const file of files) {
        const response = await fetch(`${restUrl}/instances`, {
          method: 'POST',
          headers: { ...authHeaders, 'Content-Type': 'application/dicom' },
          body: file as BodyInit,
        });
        if (!response.ok) throw new Error(`Orthanc refused an upload: HTTP ${response.status} ${await response.text()}`);
      }
    },
    stop,
  };
}
