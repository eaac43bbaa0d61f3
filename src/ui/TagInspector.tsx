import { Fragment, useEffect, useMemo, useState } from 'react';
import type { FrameInfo, SeriesEntry } from '../core/dicom/types';
import { dumpTags, filterTagRows, maskIdentifyingRows, type TagRow } from '../core/dicom/dumpTags';
import { planSeries } from '../core/dicom/geometry/planSeries';
import { readHeader } from '../core/dicom/readHeader';
import type { StandardEntry, StandardLookup } from '../core/dicom/tagDictionary';
import { usePreferencesStore } from '../state/preferencesStore';
import { findSeries } from '../core/dicom/findSeries';
import { useStudyStore } from '../state/studyStore';
import { useTrialStore } from '../state/trialStore';
import { useViewportStore } from '../state/viewportStore';

/** dcmjs (≈ 1 MB, mostly its dictionary) is loaded the first time the inspector opens, not at start-up. */
let dictionary: Promise<StandardLookup> | null = null;
function loadDictionary(): Promise<StandardLookup> {
  dictionary ??= import('dcmjs').then((m) => {
    const dict = (m.default ?? m).data.DicomMetaDictionary.dictionary as Record<string, StandardEntry | undefined>;
    return (key: string) => dict[key];
  });
  return dictionary;
}

/** The frame the viewport shows: planned volume `volume`, slice `slice`; the first frame when unplannable. */
function shownFrame(series: SeriesEntry, volume: number, slice: number): FrameInfo | null {
  try {
    const slices = planSeries(series).volumes[volume]?.slices;
    return slices?.[Math.min(slice, slices.length - 1)] ?? series.frames[0] ?? null;
  } catch {
    return series.frames[0] ?? null;
  }
}

function Rows({ rows, depth, expanded, toggle, path }: { rows: TagRow[]; depth: number; expanded: Set<string>; toggle(p: string): void; path: string }) {
  return (
    <>
      {rows.map((r) => {
        const key = `${path}/${r.tag}`;
        const open = expanded.has(key);
        return (
          <Fragment key={key}>
            <tr data-tag={r.tag}>
              <td style={{ paddingLeft: 4 + depth * 14, whiteSpace: 'nowrap', fontFamily: 'monospace' }}>
                {r.items ? (
                  <button type="button" aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${r.tag}`} onClick={() => toggle(key)} style={{ padding: '0 4px', marginRight: 4 }}>
                    {open ? '−' : '+'}
                  </button>
                ) : null}
                {r.tag}
              </td>
              <td title={r.vrFromDictionary ? 'VR from the dictionary (implicit VR file)' : 'VR in the file'}>{r.vr}{r.vrFromDictionary ? '*' : ''}</td>
              <td title={r.creator ? `private creator: ${r.creator}` : undefined}>
                {r.keyword || (r.creator ? `private (${r.creator})` : 'unknown')}
                {r.description ? <div style={{ color: 'var(--muted)', fontSize: 11 }}>{r.description}</div> : null}
              </td>
              <td className="tag-value" style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{r.value}</td>
            </tr>
            {open && r.items
              ? r.items.map((item, i) => (
                  <Fragment key={`${key}#${i}`}>
                    <tr>
                      <td colSpan={4} style={{ paddingLeft: 18 + depth * 14, color: 'var(--muted)' }}>Item {i + 1}</td>
                    </tr>
                    <Rows rows={item} depth={depth + 1} expanded={expanded} toggle={toggle} path={`${key}#${i}`} />
                  </Fragment>
                ))
              : null}
          </Fragment>
        );
      })}
    </>
  );
}

/**
 * Every DICOM element of the image the active viewport shows (its series' first file when the
 * viewport has no image yet): searchable, sequences expandable, private tags named by creator.
 * Opened with the toolbar's Tags button or key t; patient identifiers are hidden when blinded.
 */
export function TagInspector() {
  const open = useTrialStore((s) => s.inspectorOpen);
  const setOpen = useTrialStore((s) => s.setInspectorOpen);
  const blinded = usePreferencesStore((s) => s.blinded);
  const index = useStudyStore((s) => s.index);
  const sources = useStudyStore((s) => s.sources);
  const slot = useViewportStore((s) => s.slots[s.active]);
  const readout = useViewportStore((s) => s.readouts[s.active]);
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [dump, setDump] = useState<{ file: string; frame: number; rows: TagRow[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Key t toggles the inspector unless the user is typing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Escape closes even from the search field; t only toggles outside form fields.
      if (e.key === 'Escape') return useTrialStore.getState().setInspectorOpen(false);
      const t = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || (t && ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName))) return;
      if (e.key !== 't') return;
      // The key opens the inspector, whose search field takes focus: the same key must not also type a "t" into it.
      e.preventDefault();
      useTrialStore.getState().setInspectorOpen(!useTrialStore.getState().inspectorOpen);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const series = findSeries(index, slot.seriesUID) ?? index?.patients[0]?.studies[0]?.series[0] ?? null;
  const volume = readout?.volume ?? slot.volume;
  const slice = readout?.slice ?? 0;
  // Planning is header-only but not free (hundreds of frames): only while open, once per position.
  const frame = useMemo(() => (open && series ? shownFrame(series, volume, slice) : null), [open, series, volume, slice]);

  useEffect(() => {
    if (!open || !frame) return;
    const source = sources.get(frame.file);
    if (!source) return;
    let cancelled = false;
    setError(null);
    Promise.all([loadDictionary(), readHeader(source)])
      .then(([standard, header]) => {
        if (!cancelled) setDump({ file: frame.file, frame: frame.frameIndex, rows: dumpTags(header.dataSet, standard) });
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      cancelled = true;
    };
  }, [open, frame?.file, frame?.frameIndex, sources]);

  const shown = useMemo(() => {
    if (!dump) return [];
    return filterTagRows(blinded ? maskIdentifyingRows(dump.rows) : dump.rows, query);
  }, [dump, blinded, query]);

  if (!open) return null;
  const toggle = (p: string) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (!next.delete(p)) next.add(p);
      return next;
    });
  return (
    <div className="help-backdrop" onClick={() => setOpen(false)}>
      <div
        className="help"
        role="dialog"
        aria-modal="true"
        aria-label="DICOM tags"
        onClick={(e) => e.stopPropagation()}
        style={{ width: 'min(1100px, 92vw)', height: '84vh', display: 'grid', gridTemplateRows: 'auto auto 1fr auto', gap: 6 }}
      >
        <h2>DICOM tags{dump ? ` · ${blinded ? 'file hidden (blinded)' : dump.file}${dump.frame > 0 ? ` · frame ${dump.frame + 1}` : ''}` : ''}</h2>
        <input type="search" aria-label="Search tags" placeholder="Search tag, name or value (e.g. 0043,1039)" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
        <div style={{ overflow: 'auto', minHeight: 0 }}>
          {!frame ? <p>Open a series to inspect its tags.</p> : null}
          {error ? <p role="alert">{error}</p> : null}
          {frame && !dump && !error ? <p>Reading header…</p> : null}
          {dump ? (
            <table aria-label="Tags" style={{ width: '100%', fontSize: 12 }}>
              <thead>
                <tr>
                  <th align="left">Tag</th>
                  <th align="left">VR</th>
                  <th align="left">Name</th>
                  <th align="left">Value</th>
                </tr>
              </thead>
              <tbody>
                <Rows rows={shown} depth={0} expanded={expanded} toggle={toggle} path="" />
              </tbody>
            </table>
          ) : null}
        </div>
        <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <span style={{ color: 'var(--muted)', fontSize: 11 }}>{dump ? `${shown.length} of ${dump.rows.length} elements` : ''} · * VR from the dictionary</span>
          <span style={{ flex: 1 }} />
          <button type="button" onClick={() => setOpen(false)}>Close tags</button>
        </div>
      </div>
    </div>
  );
}
