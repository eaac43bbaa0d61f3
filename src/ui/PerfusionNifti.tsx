import { mapFileName, type FitNaming } from '../core/export/exportFileNames';
import { PERFUSION_MAP_SPECS, type PerfusionMapName } from '../core/maps/mapCatalog';
import { perfusionMapNifti } from '../core/nifti/perfusionNifti';
import { getPlatform } from '../platform';
import { usePerfusionStore } from '../state/perfusionStore';

/** NIfTI export of the current perfusion maps, one button per map, named by the subject pseudonym and timepoint (`naming`). */
export function PerfusionNifti({ onStatus, naming }: { onStatus(text: string): void; naming: FitNaming | null }) {
  const result = usePerfusionStore((s) => s.result);
  if (!result) return null;
  const save = (name: PerfusionMapName, label: string) => {
    if (!naming) return;
    void (async () => {
      const saved = await (await getPlatform()).saveFile(mapFileName(naming, label), perfusionMapNifti(result.maps, name));
      onStatus(saved.saved ? `Saved ${saved.path}` : `Not saved: ${saved.reason}`);
    })().catch((e: unknown) => onStatus(e instanceof Error ? e.message : String(e)));
  };
  return (
    <div className="export-nifti" role="group" aria-label="Perfusion NIfTI export">
      <span>Perfusion NIfTI (.nii.gz, CTP grid):</span>
      {naming === null ? <span>Enter the trial key: NIfTI files are named by the subject pseudonym.</span> : null}
      {PERFUSION_MAP_SPECS.map((m) => (
        <button key={m.name} type="button" disabled={naming === null} onClick={() => save(m.name as PerfusionMapName, m.niftiLabel)}>
          {`Export ${m.label} NIfTI`}
        </button>
      ))}
    </div>
  );
}
