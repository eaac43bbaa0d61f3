import type { RoiStats } from '../../../src/core/measure/types';
import { SESSION_FORMAT, SESSION_VERSION, type SessionFile, type SessionRoi, type SessionStudy } from '../../../src/core/export/sessionFile';

/** Statistics of one map with the given mean (native units); the others derived so each field is distinct. */
export function stats(map: string, mean: number, n = 120): RoiStats {
  return { map, n, mean, sd: mean / 10, median: mean * 0.98, q1: mean * 0.9, q3: mean * 1.1, iqr: mean * 0.2, min: mean / 2, max: mean * 2, areaMm2: n * 0.8 };
}

export function roi(id: string, role: SessionRoi['roi']['role'], name: string, stat: RoiStats[], mirrorOf?: string): SessionRoi {
  return {
    roi: {
      id,
      shape: 'ellipse',
      role,
      name,
      plane: { origin: [0, 0, 12.5], normal: [0, 0, 1] },
      contour: [
        [10, 0, 12.5],
        [0, 8, 12.5],
        [-10, 0, 12.5],
        [0, -8, 12.5],
      ],
      ...(mirrorOf ? { mirrorOf } : {}),
    },
    seriesInstanceUID: `${id}.series`,
    stats: stat,
    measuredAt: '2024-03-02T10:00:00.000Z',
  };
}

export function study(uid: string, date: string, rois: SessionRoi[], overrides: Partial<SessionStudy> = {}): SessionStudy {
  return {
    studyInstanceUID: uid,
    studyDate: date,
    studyTime: '101500',
    accessionNumber: `ACC${uid.slice(-4)}`,
    description: 'MRI BRAIN STROKE',
    trial: { subjectId: '', timepoint: '', site: 'site-03', reader: 'R1' },
    series: [...new Set(rois.map((r) => r.seriesInstanceUID))].map((s) => ({
      seriesInstanceUID: s,
      frameOfReferenceUID: `${s}.for`,
      description: 'DTI 30dir',
      fit: { estimator: 'wls', bValues: [0, 1000], maskThreshold: 1, fittedAt: '2024-03-02T09:00:00.000Z' },
    })),
    rois,
    lesions: [],
    ...overrides,
  };
}

export function session(patientId: string, studies: SessionStudy[], patientName = 'DOE^JANE'): SessionFile {
  return {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    appVersion: '0.1.0',
    savedAt: '2024-03-20T12:00:00.000Z',
    patient: { patientId, patientName, birthDate: '19500101', sex: 'F' },
    studies,
  };
}

/** One subject scanned at 24 h and day 14: infarct + mirrored contralateral ROI on FA and MD, one lesion. */
export function twoVisitSession(): SessionFile {
  const core = (id: string, fa: number, md: number) => roi(id, 'infarct-core', 'core', [stats('md', md), stats('fa', fa)]);
  const contra = (id: string, of: string, fa: number, md: number) => roi(id, 'contralateral-mirror', 'core mirror', [stats('fa', fa), stats('md', md)], of);
  const s1 = study('1.2.826.0.1.3680043.1.1001', '20240301', [core('r1', 0.45, 0.0007), contra('r2', 'r1', 0.5, 0.00081)], {
    lesions: [{ id: 'l1', name: 'lesion', seriesInstanceUID: 'r1.series', abcMm: [40, 30, 20], planimetricMl: 11.5, measuredAt: '2024-03-02T10:05:00.000Z' }],
  });
  const s2 = study('1.2.826.0.1.3680043.1.1002', '20240315', [core('r3', 0.36, 0.00091), contra('r4', 'r3', 0.5, 0.0008)], {
    lesions: [{ id: 'l2', name: 'lesion', seriesInstanceUID: 'r3.series', abcMm: [45, 30, 20], planimetricMl: 14, measuredAt: '2024-03-16T10:05:00.000Z' }],
  });
  return session('PID-0042', [s2, s1]);
}
