/**
 * Node worker_threads entry of the folder indexer (folderIndexer.ts): DICOM headers parsed off
 * the calling thread (Electron main, the CLI). Bundled to a CommonJS script and run with `eval`.
 */
import { parentPort } from 'node:worker_threads';
import { indexThreadHandler, indexThreadTransfer, type IndexThreadMessage } from './indexThreadProtocol';

const port = parentPort;
if (port) {
  const handle = indexThreadHandler();
  port.on('message', (msg: IndexThreadMessage) => {
    void handle(msg).then((reply) => {
      if (reply) port.postMessage(reply, indexThreadTransfer(reply));
    });
  });
}
