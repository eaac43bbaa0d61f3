import { serverLabel } from '../core/dicomweb/failures';
import { buildResultObjects } from '../services/dicomResultsService';
import { storeObjects } from '../services/dicomwebStow';
import { useDicomwebStore } from '../state/dicomwebStore';
import { useStudyStore } from '../state/studyStore';
import { useTrialStore } from '../state/trialStore';
import { connection, platformFetch, run } from './dicomwebActions';

/** Least time between two storing progress updates (ms). */
const PROGRESS_INTERVAL_MS = 100;

/**
 * "Store results to server": the open study's record as DICOM objects (SEG per series, TID 1500
 * SR, parametric maps of the fit held; identified, so they join the study they measure on the
 * hospital's PACS) sent with STOW-RS, one object per request, with progress and cancel. Made
 * from the stored record (pending edits stored first), as every export is.
 */
export async function storeResultsToServer(): Promise<void> {
  const index = useStudyStore.getState().index;
  if (!index) return;
  let done = '';
  const stored = await run('storing', async (signal) => {
    const { url } = useDicomwebStore.getState();
    if (!url.trim()) throw new Error('Enter the DICOMweb URL of the server first.');
    const fetchFn = await platformFetch();
    const { files, warnings } = await buildResultObjects(index, useTrialStore.getState(), { deidentify: false }, new Date());
    if (files.length === 0) throw new Error('Nothing to store: the open study has no ROI, measurement, lesion or fitted map.');
    let shown = 0;
    await storeObjects(fetchFn, connection(), undefined, files.map((f) => ({ label: f.name, bytes: f.bytes })), {
      signal,
      onProgress: (p, label) => {
        const now = performance.now();
        if (now - shown < PROGRESS_INTERVAL_MS && p.done > 0 && p.done < p.total) return;
        shown = now;
        useDicomwebStore.getState().setStoreProgress({ ...p, label });
      },
    });
    done = `Stored ${files.length} object${files.length === 1 ? '' : 's'} on ${serverLabel(url)}: ${files.map((f) => f.name).join(', ')}.${warnings.length ? ` Left out: ${warnings.join('; ')}` : ''}`;
  });
  if (stored) useDicomwebStore.getState().setNote(done);
}
