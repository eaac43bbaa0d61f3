/**
 * Browser Web Worker entry for DICOM header indexing: shards of Files from indexPool.ts, parsed off
 * the main thread (dicom-parser is the bulk of indexing), results posted back as plain data.
 */
import { handleIndexShard, type IndexShardRequest } from './indexProtocol';

self.onmessage = async (event: MessageEvent<IndexShardRequest>) => {
  self.postMessage(await handleIndexShard(event.data));
};
