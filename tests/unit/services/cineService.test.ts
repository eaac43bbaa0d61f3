import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stopCine, toggleCineOn } from '../../../src/services/cineService';
import { useCineStore } from '../../../src/state/cineStore';

describe('cine timing', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    stopCine();
    vi.useRealTimers();
  });

  it('holds each frame as long as its step asks (unequal frames), stops on the second toggle', () => {
    const holds = [100, 100, 400, 400];
    const shown: number[] = [];
    toggleCineOn(0, () => {
      shown.push(Date.now());
      return holds[(shown.length - 1) % holds.length];
    });
    expect(useCineStore.getState().slot).toBe(0);
    // The first frame steps at once; the next after its 100 ms hold, then 100, 400, 400.
    const start = shown[0];
    vi.advanceTimersByTime(1000);
    expect(shown.map((t) => t - start)).toEqual([0, 100, 200, 600, 1000]);
    toggleCineOn(0, () => 1);
    expect(useCineStore.getState().slot).toBeNull();
    vi.advanceTimersByTime(1000);
    expect(shown).toHaveLength(5);
  });

  it('hands over to another slot, and ends when the step says what it played is gone', () => {
    let a = 0;
    let b = 0;
    toggleCineOn(0, () => (a++, 50));
    toggleCineOn(1, () => (++b < 3 ? 50 : null));
    expect(useCineStore.getState().slot).toBe(1);
    vi.advanceTimersByTime(500);
    expect(a).toBe(1);
    expect(b).toBe(3);
    expect(useCineStore.getState().slot).toBeNull();
  });
});
