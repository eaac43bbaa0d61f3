import { MAP_EXPORTS } from '../core/nifti/mapExports';
import { useDtiStore } from '../state/dtiStore';
import { useRoiStore } from '../state/roiStore';
import { saveMapNifti, saveRoiMaskNifti } from '../state/trialStore';

/**
 * NIfTI export of the current fit: each computed map, and the mask of each ROI measured on it
 * (rasterised on the map grid by the ROI statistics' rule), saved through the platform. Files
 * carry no identifiers; the ROI's free-text name stays out of the file name.
 */
export function ExportNifti({ onStatus }: { onStatus(text: string): void }) {
  const result = useDtiStore((s) => s.result);
  const rois = useRoiStore((s) => s.rois);
  if (!result) return <p>Compute the DTI maps of a series to export them (and ROI masks) as NIfTI.</p>;
  const onFit = rois.filter((r) => r.key.seriesInstanceUID === result.seriesUID);
  const run = (save: () => Promise<string>) => {
    save().then(onStatus, (e: unknown) => onStatus(e instanceof Error ? e.message : String(e)));
  };
  return (
    <div className="export-nifti" role="group" aria-label="NIfTI export">
      <span>NIfTI (.nii.gz, DWI grid):</span>
      {MAP_EXPORTS.map((m) => (
        <button key={m.label} type="button" onClick={() => run(() => saveMapNifti(result, m.label))}>{`Export ${m.label} NIfTI`}</button>
      ))}
      {onFit.map((r, i) => (
        <button key={r.roi.id} type="button" aria-label={`Export mask of ROI ${r.roi.name}`} onClick={() => run(() => saveRoiMaskNifti(result, r.roi, i + 1))}>
          {`Mask: ${r.roi.name}`}
        </button>
      ))}
    </div>
  );
}
