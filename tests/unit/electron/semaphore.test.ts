import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../../electron/fs/semaphore';

/** A promise settled from outside, to hold a task running until the test lets it finish. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once, the others in arrival order as slots free', async () => {
    const semaphore = new Semaphore(2);
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      semaphore.run(async () => {
        started.push(i);
        await gate.promise;
        return i * 10;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(semaphore.active).toBe(2);
    gates[1].resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    expect(semaphore.active).toBe(2);
    gates[0].resolve();
    gates[2].resolve();
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    gates[3].resolve();
    gates[4].resolve();
    expect(await Promise.all(runs)).toEqual([0, 10, 20, 30, 40]);
    expect(semaphore.active).toBe(0);
  });

  it('frees the slot of a task that rejects, and passes the rejection on', async () => {
    const semaphore = new Semaphore(1);
    const failing = semaphore.run(async () => {
      throw new Error('read failed');
    });
    const next = semaphore.run(async () => 'next ran');
    await expect(failing).rejects.toThrow('read failed');
    expect(await next).toBe('next ran');
    expect(semaphore.active).toBe(0);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow('semaphore limit must be a positive integer, got 1.5');
  });
});
