import type { RoiRole } from '../measure/types';
import { CODES, type Code } from './codes';

/** What a segment or measurement group stands for: an ROI role, or the reader's lesion segmentation. */
export type ResultRole = RoiRole | 'lesion';

/**
 * Segmented property category and type of each role (CID 7150 / 7151 where they have one): the
 * infarct core is a morphologically altered structure of type infarct, the lesion one of type
 * lesion, the contralateral mirror normal brain, the others tissue.
 */
export function segmentProperty(role: ResultRole): { category: Code; type: Code } {
  switch (role) {
    case 'infarct-core':
      return { category: CODES.morphologicallyAlteredStructure, type: CODES.infarct };
    case 'lesion':
      return { category: CODES.morphologicallyAlteredStructure, type: CODES.lesion };
    case 'contralateral-mirror':
      return { category: CODES.anatomicalStructure, type: CODES.brain };
    case 'perilesional':
    case 'other':
      return { category: CODES.tissue, type: CODES.tissue };
  }
}

/** The SR Finding of each role (the infarct and the lesion: cerebral infarction; the other regions: private codes). */
export function findingCode(role: ResultRole): Code {
  switch (role) {
    case 'infarct-core':
    case 'lesion':
      return CODES.cerebralInfarction;
    case 'contralateral-mirror':
      return CODES.contralateralMirror;
    case 'perilesional':
      return CODES.perilesional;
    case 'other':
      return CODES.otherRegion;
  }
}
