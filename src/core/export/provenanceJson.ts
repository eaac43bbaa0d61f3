import type { ExportModel } from './exportModel';
import { wideColumns } from './csvWide';
import { mapUnit } from './exportUnits';

/**
 * Provenance JSON: every exported number traceable to its fit and ROI. App version, export
 * time, units, de-identification settings (never the salt), then per subject and study: the
 * (hashed) UIDs, the fit's estimator, b-values (s/mm²) and mask threshold, each ROI's geometry
 * in patient LPS mm with its statistics in native units (FA unitless, diffusivities mm²/s),
 * lesion diameters (mm) and volumes (mL), saved perfusion volumes (mL) with their thresholds,
 * reference hemisphere and midline (the maps' AIF/VOF, constants and method are their series'
 * fit, by fitId), reader and timestamps (per the date policy).
 * Key order is fixed by construction, so equal input gives identical bytes.
 */

export const PROVENANCE_FORMAT = 'dti-trial-viewer-export';
export const PROVENANCE_VERSION = 1;

export function provenanceJson(model: ExportModel): string {
  const doc = {
    format: PROVENANCE_FORMAT,
    version: PROVENANCE_VERSION,
    appVersion: model.appVersion,
    exportedAt: model.exportedAt,
    units: {
      system: model.units,
      FA: mapUnit('fa', model.units).unit,
      MD: mapUnit('md', model.units).unit,
      AD: mapUnit('ad', model.units).unit,
      RD: mapUnit('rd', model.units).unit,
      nativeInThisFile: { FA: '1', diffusivity: 'mm^2/s', area: 'mm^2', volume: 'mL', geometry: 'patient LPS mm', bValue: 's/mm^2' },
    },
    deidentification: {
      profile: 'DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile',
      uids: model.include.includes('uids') ? 'original' : 'salted SHA-256, 2.25 root',
      dates: model.include.includes('dates') ? 'original' : model.dates === 'shift' ? 'shifted per subject' : 'removed',
      included: model.include,
    },
    warnings: model.warnings,
    wideColumns: wideColumns(model),
    subjects: model.subjects.map((s) => ({
      subject: s.subject,
      patient: s.patient,
      studies: s.studies.map((st) => ({
        timepoint: st.timepoint,
        daysSinceFirst: st.daysSinceFirst,
        site: st.site,
        reader: st.reader,
        attributes: st.attributes,
        series: st.series.map((se) => ({
          attributes: se.attributes,
          // Rebuilt key by key: sessions from the app and from parsed files order their keys differently.
          fit: se.fit
            ? {
                fitId: se.fit.fitId,
                estimator: se.fit.estimator,
                bValues: se.fit.bValues,
                maskThreshold: se.fit.maskThreshold,
                fittedAt: se.fit.fittedAt,
                appVersion: se.fit.appVersion,
                // CT perfusion: AIF/VOF location, constants and method of the maps.
                ...(se.fit.perfusion
                  ? {
                      perfusion: {
                        aif: se.fit.perfusion.aif,
                        vof: se.fit.perfusion.vof,
                        constants: se.fit.perfusion.constants,
                        method: se.fit.perfusion.method,
                        frameTimeSource: se.fit.perfusion.frameTimeSource,
                        slabs: se.fit.perfusion.slabs,
                      },
                    }
                  : {}),
              }
            : null,
        })),
        rois: st.rois.map((r) => ({
          id: r.id,
          role: r.role,
          name: r.name,
          shape: r.shape,
          series: r.seriesKey,
          mirrorOf: r.mirrorOf ?? null,
          measuredAt: r.measuredAt,
          // Which fit's maps gave these statistics (a series fitted again after measuring has another).
          fitId: r.fitId,
          plane: { origin: r.plane.origin, normal: r.plane.normal },
          ellipse: r.ellipse ? { centre: r.ellipse.centre, axisA: r.ellipse.axisA, axisB: r.ellipse.axisB } : null,
          contour: r.contour,
          stats: r.stats.map((x) => ({
            map: x.map,
            n: x.n,
            mean: x.mean,
            sd: x.sd,
            median: x.median,
            q1: x.q1,
            q3: x.q3,
            iqr: x.iqr,
            min: x.min,
            max: x.max,
            areaMm2: x.areaMm2,
            volumeMl: x.volumeMl ?? null,
          })),
        })),
        lesions: st.lesions.map((l) => ({
          id: l.id,
          name: l.name,
          series: l.seriesKey,
          abcMm: l.abcMm,
          abc2Ml: l.abc2Ml,
          planimetricMl: l.planimetricMl,
          measuredAt: l.measuredAt,
          modality: l.modality,
          cMethod: l.cMethod,
          slices: l.slices ? { first: l.slices.first, last: l.slices.last, spacingMm: l.slices.spacingMm } : null,
        })),
        perfusionVolumes: st.perfusionVolumes.map((v) => ({
          id: v.id,
          name: v.name,
          series: v.seriesKey,
          fitId: v.fitId,
          measuredAt: v.measuredAt,
          thresholds: {
            coreRelativeCbf: v.thresholds.coreRelativeCbf,
            hypoperfusedTmaxS: v.thresholds.hypoperfusedTmaxS,
            definition: 'core: CBF < coreRelativeCbf × mean CBF of the reference hemisphere; hypoperfused: Tmax > hypoperfusedTmaxS s; mismatch = hypoperfused − core, ratio = hypoperfused / core',
          },
          referenceSide: v.referenceSide,
          referenceCbf: v.referenceCbf,
          midline: { origin: v.midline.origin, normal: v.midline.normal },
          coreMl: v.coreMl,
          hypoperfusedMl: v.hypoperfusedMl,
          mismatchMl: v.mismatchMl,
          mismatchRatio: v.mismatchRatio,
        })),
      })),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
