/**
 * Browser Web Worker entry for DICOM header indexing: the folder's Files, then shards of it from
 * indexPool.ts, parsed off the main thread (dicom-parser is the bulk of indexing); results posted
 * back as plain data, kept pixel bytes transferred.
 */
import { indexWorkerHandler, replyTransfer, type IndexWorkerMessage } from './indexProtocol';

const handle = indexWorkerHandler();

self.onmessage = async (event: MessageEvent<IndexWorkerMessage>) => {
  const reply = await handle(event.data);
  if (reply) self.postMessage(reply, { transfer: replyTransfer(reply) });
};
