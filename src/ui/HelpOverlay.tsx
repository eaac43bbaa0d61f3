import { usePreferencesStore } from '../state/preferencesStore';
import { MOUSE_BINDINGS, SHORTCUTS } from './shortcuts';

const keyName = (k: string) => ({ ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', Escape: 'Esc' })[k] ?? k;

/** Every key of SHORTCUTS and the mouse bindings, in two columns so the list fits a screen. */
export function HelpOverlay() {
  const open = usePreferencesStore((s) => s.helpOpen);
  const setOpen = usePreferencesStore((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <div className="help-backdrop" onClick={() => setOpen(false)}>
      <div className="help" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard and mouse</h2>
        <ul className="help-list">
          {SHORTCUTS.map((s) => (
            <li key={s.description}>
              <span>{s.keys.map((k) => <kbd key={k}>{keyName(k)}</kbd>)}</span>
              <span>{s.description}</span>
            </li>
          ))}
          {MOUSE_BINDINGS.map(([m, d]) => (
            <li key={m}>
              <span><kbd>{m}</kbd></span>
              <span>{d}</span>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => setOpen(false)}>Close help</button>
      </div>
    </div>
  );
}
