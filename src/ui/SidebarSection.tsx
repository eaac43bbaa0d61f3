import { useState, type ReactNode } from 'react';

/**
 * A collapsible sidebar section: a header button (aria-expanded) over a body that scrolls on its
 * own, so one long panel never pushes the others (or the study list) out of sight.
 */
export function SidebarSection({ title, extra, defaultOpen = true, children }: { title: string; extra?: ReactNode; defaultOpen?: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <div className={open ? 'sidebar-section open' : 'sidebar-section'}>
      <h2 className="panel-title section-title">
        <button type="button" className="section-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
          {title}
        </button>
        {extra}
      </h2>
      {open ? <div className="section-body">{children}</div> : null}
    </div>
  );
}
