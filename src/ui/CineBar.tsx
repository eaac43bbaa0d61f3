import type { CineRate } from '../core/perfusionReview/cineRate';
import { useCineStore } from '../state/cineStore';
import { useViewportStore, type ViewportReadout } from '../state/viewportStore';
import { toggleCine } from './actions';
import './cine.css';

/** The rates offered: fixed frame rates, and the acquisition's own timing sped up. */
const RATES: { value: string; label: string; rate: CineRate }[] = [
  { value: 'fps-2', label: '2 fps', rate: { kind: 'fps', fps: 2 } },
  { value: 'fps-4', label: '4 fps', rate: { kind: 'fps', fps: 4 } },
  { value: 'fps-8', label: '8 fps', rate: { kind: 'fps', fps: 8 } },
  { value: 'fps-15', label: '15 fps', rate: { kind: 'fps', fps: 15 } },
  { value: 'acquired-1', label: 'Acquired ×1', rate: { kind: 'acquired', speed: 1 } },
  { value: 'acquired-4', label: 'Acquired ×4', rate: { kind: 'acquired', speed: 4 } },
  { value: 'acquired-10', label: 'Acquired ×10', rate: { kind: 'acquired', speed: 10 } },
];
const rateValue = (r: CineRate) => (r.kind === 'fps' ? `fps-${r.fps}` : `acquired-${r.speed}`);

/** 'Frame 9/44 · t 12.0 s': the shown time frame of a CT perfusion and its acquisition time (s from the series' first frame). */
export function frameTimeText(readout: ViewportReadout): string | null {
  const t = readout.frameTimesS?.[readout.volume];
  return t === undefined ? null : `Frame ${readout.volume + 1}/${readout.volumeCount} · t ${t.toFixed(1)} s`;
}

/**
 * Cine over time on a viewport showing a CT perfusion's images: play / pause, the time frame
 * slider (the slice is kept), the frame's acquisition time at the shown slice's table position,
 * and the rate (frames per second, or the acquired intervals sped up).
 */
export function CineBar({ slot, readout }: { slot: number; readout: ViewportReadout }) {
  const playing = useCineStore((s) => s.slot === slot);
  const rate = useCineStore((s) => s.rate);
  const setRate = useCineStore((s) => s.setRate);
  const frame = useViewportStore((s) => s.slots[slot].volume);
  const setVolume = useViewportStore((s) => s.setVolume);
  const text = frameTimeText(readout);
  return (
    <div className="cine-bar" role="group" aria-label="Cine over time">
      <button type="button" aria-label={playing ? 'Pause cine' : 'Play cine'} aria-pressed={playing} onClick={() => toggleCine(slot)} title="Play / pause over time (p)">
        {playing ? '❚❚' : '▶'}
      </button>
      <input
        type="range"
        aria-label="Time frame"
        min={0}
        max={Math.max(0, readout.volumeCount - 1)}
        step={1}
        value={Math.min(frame, readout.volumeCount - 1)}
        onChange={(e) => setVolume(slot, Number(e.target.value))}
        title="Time frame ([ and ], Home, End)"
      />
      <span className="cine-time" aria-label="Cine time">
        {text ?? `Frame ${readout.volume + 1}/${readout.volumeCount}`}
      </span>
      {readout.timeProblem ? (
        <span className="cine-problem" role="alert" title={readout.timeProblem}>
          no frame times
        </span>
      ) : null}
      <select aria-label="Cine rate" value={rateValue(rate)} onChange={(e) => setRate(RATES.find((r) => r.value === e.target.value)!.rate)} title="Frames per second, or the acquisition's own frame intervals sped up">
        {RATES.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
    </div>
  );
}
