import type { DicomwebChannelName } from '../../src/shared/ipcContract.js';
import type { IpcHandlers } from '../ipc/ipcRegistry.js';
import type { DicomwebRequester } from './dicomwebRequests.js';
import type { SignInStore } from './signInStore.js';

export type DicomwebHandlers = Pick<IpcHandlers, DicomwebChannelName>;

/** The DICOMweb channels: requests sent from main, and the sign-ins saved on this computer. */
export function createDicomwebHandlers(requester: DicomwebRequester, signIns: SignInStore): DicomwebHandlers {
  return {
    'dicomweb:request': async (args) => requester.request(args),
    'dicomweb:cancel': async ({ requestId }) => requester.cancel(requestId),
    'dicomweb:saveSignIn': async ({ url, secret }) => signIns.save(url, secret),
    'dicomweb:savedSignIn': async ({ url }) => signIns.describe(url),
    'dicomweb:forgetSignIn': async ({ url }) => signIns.forget(url),
  };
}
