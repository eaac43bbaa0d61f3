/**
 * The Heidelberg Bleeding Classification of haemorrhagic transformation after ischaemic stroke and
 * reperfusion therapy (von Kummer et al., Stroke 2015;46:2981–2986), with its ECASS equivalents
 * (Fiorelli et al., Stroke 1999; remote parenchymal haematoma "PHr" as in SITS/ECASS III reporting).
 * Class 1 is haemorrhage within the infarct, 2 within and beyond it, 3 outside it.
 */
export const HEIDELBERG_CLASSES = [
  { code: 'none', label: 'No haemorrhage', ecass: 'none' },
  { code: '1a', label: 'HI1: scattered small petechiae, no mass effect', ecass: 'HI1' },
  { code: '1b', label: 'HI2: confluent petechiae, no mass effect', ecass: 'HI2' },
  { code: '1c', label: 'PH1: haematoma within infarcted tissue, < 30 %, no substantive mass effect', ecass: 'PH1' },
  { code: '2', label: 'PH2: haematoma ≥ 30 % of the infarcted tissue, obvious mass effect', ecass: 'PH2' },
  { code: '3a', label: 'Parenchymal haematoma remote from infarcted brain tissue', ecass: 'PHr' },
  // Haemorrhage outside the brain parenchyma has no ECASS grade.
  { code: '3b', label: 'Intraventricular haemorrhage', ecass: null },
  { code: '3c', label: 'Subarachnoid haemorrhage', ecass: null },
  { code: '3d', label: 'Subdural haemorrhage', ecass: null },
] as const;

export type HeidelbergCode = (typeof HEIDELBERG_CLASSES)[number]['code'];
export type EcassGrade = NonNullable<(typeof HEIDELBERG_CLASSES)[number]['ecass']>;

/** Every code in the classification's order: the --levels order for agreement on a Heidelberg grade. */
export const HEIDELBERG_CODES: readonly HeidelbergCode[] = HEIDELBERG_CLASSES.map((c) => c.code);

/**
 * The within-infarct grades none < 1a < 1b < 1c < 2 form an ordinal scale (ECASS none < HI1 < HI2 <
 * PH1 < PH2), the one weighted kappa is meaningful on; class 3 are kinds of bleeding, not more of it.
 */
export const HEIDELBERG_ORDINAL_CODES: readonly HeidelbergCode[] = ['none', '1a', '1b', '1c', '2'];

export function isHeidelbergCode(x: string): x is HeidelbergCode {
  return (HEIDELBERG_CODES as readonly string[]).includes(x);
}

/** ECASS grade of a Heidelberg class; null for 3b–3d (extra-parenchymal, not graded by ECASS). */
export function ecassEquivalent(code: HeidelbergCode): EcassGrade | null {
  return HEIDELBERG_CLASSES.find((c) => c.code === code)!.ecass;
}
