import type { MeasurementStore } from './MeasurementStore.js';

function segmentations(store: MeasurementStore): Required<Pick<MeasurementStore, 'saveSegmentation' | 'deleteSegmentation' | 'listSegmentations'>> {
  const { saveSegmentation, deleteSegmentation, listSegmentations } = store;
  if (!saveSegmentation || !deleteSegmentation || !listSegmentations) throw new Error('this measurement store does not keep segmentations');
  return { saveSegmentation: saveSegmentation.bind(store), deleteSegmentation: deleteSegmentation.bind(store), listSegmentations: listSegmentations.bind(store) };
}

function reads(store: MeasurementStore): Required<Pick<MeasurementStore, 'saveRead' | 'listReads'>> {
  const { saveRead, listReads } = store;
  if (!saveRead || !listReads) throw new Error('this measurement store does not keep trial reads');
  return { saveRead: saveRead.bind(store), listReads: listReads.bind(store) };
}

function integrity(store: MeasurementStore): Required<Pick<MeasurementStore, 'status' | 'verify'>> {
  const { status, verify } = store;
  if (!status || !verify) throw new Error('this measurement store keeps no audit chain');
  return { status: status.bind(store), verify: verify.bind(store) };
}

/**
 * A store usable at once whose database opens on the first call (platform objects are built
 * synchronously, databases open asynchronously). A failed open rejects every call with its
 * reason, so viewing never depends on persistence and the UI can still show why saving fails.
 */
export function lazyStore(open: () => Promise<MeasurementStore>): MeasurementStore {
  let opening: Promise<MeasurementStore> | null = null;
  const store = () => (opening ??= open());
  return {
    saveRoi: async (key, roi, reader, measured) => (await store()).saveRoi(key, roi, reader, measured),
    deleteRoi: async (id, reader) => (await store()).deleteRoi(id, reader),
    listRois: async (scope) => (await store()).listRois(scope),
    saveMeasurement: async (input, reader) => (await store()).saveMeasurement(input, reader),
    deleteMeasurement: async (id, reader) => (await store()).deleteMeasurement(id, reader),
    listMeasurements: async (scope) => (await store()).listMeasurements(scope),
    saveSegmentation: async (input, reader) => segmentations(await store()).saveSegmentation(input, reader),
    deleteSegmentation: async (id, reader) => segmentations(await store()).deleteSegmentation(id, reader),
    listSegmentations: async (scope) => segmentations(await store()).listSegmentations(scope),
    saveRead: async (input, reader) => reads(await store()).saveRead(input, reader),
    listReads: async (scope) => reads(await store()).listReads(scope),
    history: async (id) => (await store()).history(id),
    status: async () => integrity(await store()).status(),
    verify: async () => integrity(await store()).verify(),
    async close() {
      if (opening) await (await opening).close();
    },
  };
}
