import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AppSession } from './harness';

/** An LPS patient point, mm. */
export type Vec3 = [number, number, number];

/** A point in page (CSS pixel) coordinates, as page.mouse takes it. */
export interface PagePoint {
  x: number;
  y: number;
}

/**
 * Page coordinates of an LPS point (mm) in viewport 1, through the app's worldToCanvas test hook.
 * `viewportId` is the Cornerstone viewport inside viewport 1's element: its map viewport by
 * default, 'viewport-0' for the stack.
 */
export async function pagePoint(page: Page, p: Vec3, viewportId = 'viewport-0-map'): Promise<PagePoint> {
  const canvas = await page.evaluate(
    ([point, id]) => (window as unknown as { __dtiMeasure: { worldToCanvas(id: string, p: number[]): [number, number] | null } }).__dtiMeasure.worldToCanvas(id, point),
    [p, viewportId] as [Vec3, string],
  );
  if (!canvas) throw new Error(`${viewportId} not found`);
  const box = (await page.getByTestId('viewport-element-0').boundingBox())!;
  return { x: box.x + canvas[0], y: box.y + canvas[1] };
}

/** A left-button drag between two page points in 8 moves, so tools see intermediate positions as a hand would give them. */
export async function drag(page: Page, from: PagePoint, to: PagePoint): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let s = 1; s <= 8; s++) await page.mouse.move(from.x + ((to.x - from.x) * s) / 8, from.y + ((to.y - from.y) * s) / 8);
  await page.mouse.up();
}

/** The slice location (mm along the viewport's normal; axial: S) that viewport `slot + 1` shows in its overlay. */
export async function sliceLocation(page: Page, slot = 0): Promise<number> {
  const text = await page.getByRole('region', { name: `Viewport ${slot + 1}` }).getByLabel('Slice location').innerText();
  return Number(/Loc (-?[\d.]+) mm/.exec(text)?.[1]);
}

/**
 * Scrolls viewport 1 (arrow keys) until its slice location is within half a slice of `targetMm`
 * (axial: S mm) and returns that location; throws when 60 presses do not reach it.
 */
export async function gotoLocation(page: Page, targetMm: number, spacingMm: number): Promise<number> {
  let loc = await sliceLocation(page);
  // Signed mm one ArrowDown moves; learnt from the first press.
  let downStep: number | null = null;
  for (let i = 0; i < 60 && Math.abs(loc - targetMm) > spacingMm / 2 + 1e-6; i++) {
    const key: 'ArrowDown' | 'ArrowUp' = downStep === null || (targetMm - loc) * downStep > 0 ? 'ArrowDown' : 'ArrowUp';
    await page.keyboard.press(key);
    await expect.poll(() => sliceLocation(page)).not.toBe(loc);
    const next = await sliceLocation(page);
    downStep ??= key === 'ArrowDown' ? next - loc : loc - next;
    loc = next;
  }
  if (Math.abs(loc - targetMm) > spacingMm / 2 + 1e-6) throw new Error(`could not reach slice location ${targetMm} mm (at ${loc})`);
  return loc;
}

/** The id of the newest Bidirectional measurement in the app's measurement store, polled until there is one. */
export async function lastBidirectionalId(page: Page): Promise<string> {
  const id = () =>
    page.evaluate(
      () =>
        (window as unknown as { __dtiMeasure: { state(): { measurements: { id: string; payload: { kind: string } }[] } } }).__dtiMeasure
          .state()
          .measurements.filter((m) => m.payload.kind === 'bidirectional')
          .at(-1)?.id ?? '',
    );
  await expect.poll(id).not.toBe('');
  return id();
}

/**
 * A and B (mm) of the ABC/2 panel once settled: polled until two consecutive reads agree and equal
 * the Bidirectional's own axes (its handles as Cornerstone holds them, 1 decimal). The panel
 * follows a drag throttled, so a read right after the mouse is up can still show an intermediate
 * length, and a volume computed before it settles would not be the exported one.
 */
export async function settledAB(page: Page, bidirectionalId: string): Promise<{ a: number; b: number }> {
  const shown = async () => `${await page.getByLabel('ABC/2 A').innerText()} ${await page.getByLabel('ABC/2 B').innerText()}`;
  const own = async () => {
    const p = (await page.evaluate(
      (uid) => (window as unknown as { __dtiMeasure: { annotationPoints(id: string): Vec3[] | null } }).__dtiMeasure.annotationPoints(uid),
      bidirectionalId,
    ))!;
    const len = (u: Vec3, v: Vec3) => Math.hypot(u[0] - v[0], u[1] - v[1], u[2] - v[2]);
    const [long, short] = [len(p[0], p[1]), len(p[2], p[3])].sort((x, y) => y - x);
    return `A ${long.toFixed(1)} mm B ${short.toFixed(1)} mm`;
  };
  let previous = '';
  await expect
    .poll(async () => {
      const now = await shown();
      const settled = now === previous && now === (await own());
      previous = now;
      return settled;
    })
    .toBe(true);
  const m = /A ([\d.]+) mm B ([\d.]+) mm/.exec(previous)!;
  return { a: Number(m[1]), b: Number(m[2]) };
}

/** The lines of an annotation's text box as drawn in viewport 1's SVG layer (Cornerstone leaves emptied lines as blank tspans; they are dropped). */
export function textBox(page: Page, annotationUID: string): Promise<string[]> {
  return page.evaluate(
    (uid) =>
      [...document.querySelectorAll(`[data-testid="viewport-element-0"] svg g[data-annotation-uid="${uid}"] text tspan`)]
        .map((t) => t.textContent ?? '')
        .filter((t) => t !== ''),
    annotationUID,
  );
}

/** Clicks the button named exactly `button` and returns the download it starts: suggested file name and bytes. */
export async function downloadBytes(s: AppSession, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([s.page.waitForEvent('download'), s.page.getByRole('button', { name: button, exact: true }).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** downloadBytes for a text download (CSV, JSON), decoded as UTF-8. */
export async function download(s: AppSession, button: string): Promise<{ name: string; text: string }> {
  const { name, bytes } = await downloadBytes(s, button);
  return { name, text: bytes.toString('utf8') };
}
