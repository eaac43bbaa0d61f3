import { usePreferencesStore } from '../state/preferencesStore';
import { MOUSE_BINDINGS, SHORTCUTS } from './shortcuts';

const keyName = (k: string) => ({ ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', Escape: 'Esc' })[k] ?? k;

export function HelpOverlay() {
  const open = usePreferencesStore((s) => s.helpOpen);
  const setOpen = usePreferencesStore((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <div className="help-backdrop" onClick={() => setOpen(false)}>
      <div className="help" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard and mouse</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.description}>
                <td>{s.keys.map((k) => <kbd key={k}>{keyName(k)}</kbd>)}</td>
                <td>{s.description}</td>
              </tr>
            ))}
            {MOUSE_BINDINGS.map(([m, d]) => (
              <tr key={m}>
                <td><kbd>{m}</kbd></td>
                <td>{d}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={() => setOpen(false)}>Close help</button>
      </div>
    </div>
  );
}
