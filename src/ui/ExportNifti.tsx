import { mapFileName, roiMaskFileNames, type FitNaming } from '../core/export/exportFileNames';
import { MAP_EXPORTS, mapNifti, roiMaskNifti } from '../core/nifti/mapExports';
import { getPlatform } from '../platform';
import { useDtiStore } from '../state/dtiStore';
import { roisOnFit, type NiftiSelection } from '../services/niftiExport';
import { useRoiStore } from '../state/roiStore';

function toggled(list: readonly string[], item: string, on: boolean): string[] {
  return on ? [...new Set([...list, item])] : list.filter((x) => x !== item);
}

/**
 * NIfTI export of the current fit: each computed map and the mask of each ROI measured on it
 * (rasterised on the map grid by the ROI statistics' rule), one button each, plus the ticks
 * choosing what "Export all" includes. File names carry the subject pseudonym and timepoint
 * (`naming`, null until the trial key is set), never the patient or the ROI's free-text name.
 */
export function ExportNifti({
  onStatus,
  naming,
  selection,
  onSelection,
}: {
  onStatus(text: string): void;
  naming: FitNaming | null;
  selection: NiftiSelection;
  onSelection(selection: NiftiSelection): void;
}) {
  const result = useDtiStore((s) => s.result);
  const rois = useRoiStore((s) => s.rois);
  if (!result) return <p>Compute the DTI maps of a series to export them (and ROI masks) as NIfTI.</p>;
  const onFit = roisOnFit(rois, result.seriesUID);
  const maskNames = naming ? roiMaskFileNames(naming, onFit.map((r) => r.roi)) : [];
  const save = (name: string, bytes: () => Uint8Array) => {
    void (async () => {
      const saved = await (await getPlatform()).saveFile(name, bytes());
      onStatus(saved.saved ? `Saved ${saved.path}` : `Not saved: ${saved.reason}`);
    })().catch((e: unknown) => onStatus(e instanceof Error ? e.message : String(e)));
  };
  return (
    <div className="export-nifti" role="group" aria-label="NIfTI export">
      <span>NIfTI (.nii.gz, DWI grid):</span>
      {naming === null ? <span>Enter the trial key: NIfTI files are named by the subject pseudonym.</span> : null}
      {MAP_EXPORTS.map((m) => (
        <span key={m.label} style={{ whiteSpace: 'nowrap' }}>
          <input
            type="checkbox"
            aria-label={`Include ${m.label} in Export all`}
            checked={selection.maps.includes(m.label)}
            onChange={(e) => onSelection({ ...selection, maps: toggled(selection.maps, m.label, e.target.checked) })}
          />
          <button type="button" disabled={naming === null} onClick={() => naming && save(mapFileName(naming, m.label), () => mapNifti(result, m.label))}>
            {`Export ${m.label} NIfTI`}
          </button>
        </span>
      ))}
      {onFit.map((r, i) => (
        <span key={r.roi.id} style={{ whiteSpace: 'nowrap' }}>
          <input
            type="checkbox"
            aria-label={`Include mask of ROI ${r.roi.name} in Export all`}
            checked={!selection.skippedRois.includes(r.roi.id)}
            onChange={(e) => onSelection({ ...selection, skippedRois: toggled(selection.skippedRois, r.roi.id, !e.target.checked) })}
          />
          <button
            type="button"
            disabled={naming === null}
            aria-label={`Export mask of ROI ${r.roi.name}`}
            onClick={() => save(maskNames[i], () => roiMaskNifti(result, r.roi))}
          >
            {`Mask: ${r.roi.name}`}
          </button>
        </span>
      ))}
    </div>
  );
}
