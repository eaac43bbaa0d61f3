import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeDicomFile } from '../fixtures/dicomWriter';
import { ctpSeriesImages } from '../fixtures/syntheticCtp';
import { appSuite, distDir } from './harness';

/**
 * The demo's day-14 CT perfusion browsed over time in Chromium: the time of each frame read on
 * the overlay and the cine bar against the demo's truth frame times (irregular: 1.5 s, then 5 s),
 * frames stepped by key and slider with the slice kept, slices scrolled with the frame kept,
 * cine played and paused, the CTP W/L presets, and the frame's time marked on the curves.
 */
const demoBuilt = existsSync(join(distDir, 'demo', 'ground-truth.json'));
if (!demoBuilt) console.warn(`${distDir}/demo missing (npm run demo, then vite build): perfusion cine e2e skipped`);
const demoFolder = join(distDir, 'demo', 'DEMO-001');

interface Truth {
  studies: { label: string; series: { kind?: string; frameTimesS?: number[]; dims?: number[] }[] }[];
}

const suite = appSuite();
const viewport1 = (page: Page) => page.getByRole('region', { name: 'Viewport 1' });

/** Frame number (1-based) and time (s) as the overlay prints them: 'Frame 9/45 · t 12.0 s'. */
async function shownFrame(page: Page): Promise<{ frame: number; count: number; timeS: number }> {
  const text = await viewport1(page).getByLabel('Frame time').innerText();
  const m = /^Frame (\d+)\/(\d+) · t (-?[\d.]+) s$/.exec(text);
  if (!m) throw new Error(`unexpected frame readout "${text}"`);
  return { frame: Number(m[1]), count: Number(m[2]), timeS: Number(m[3]) };
}

const sliceText = (page: Page) => viewport1(page).getByLabel('Slice', { exact: true }).innerText();
const windowText = (page: Page) => viewport1(page).getByLabel('Window level').innerText();

describe.skipIf(!demoBuilt)('CT perfusion over time on the demo study in Chromium', () => {
  it('shows each frame\'s acquisition time, steps frames and slices independently, plays cine, applies the CTP presets, marks the frame on the curves', async () => {
    const truth = JSON.parse(readFileSync(join(distDir, 'demo', 'ground-truth.json'), 'utf8')) as Truth;
    const ctp = truth.studies.find((s) => s.label === 'day14')!.series.find((s) => s.kind === 'ctp')!;
    const times = ctp.frameTimesS!;
    expect(times.length).toBe(ctp.dims![3]);
    const session = await suite.open();
    const { page } = session;
    await page.getByLabel('Folder input').setInputFiles(demoFolder);
    await page
      .getByRole('treeitem', { name: 'Study MRI+CT BRAIN STROKE DAY 14' })
      .getByRole('treeitem', { name: /^Series .*PERFUSION/ })
      .click({ timeout: 60_000 });
    const bar = viewport1(page).getByRole('group', { name: 'Cine over time' });
    await bar.waitFor({ timeout: 60_000 });

    // The series opens on its first frame, the time beside the slider as on the overlay.
    await expect.poll(() => shownFrame(page)).toEqual({ frame: 1, count: times.length, timeS: times[0] });
    await expect(bar.getByLabel('Cine time').innerText()).resolves.toBe(`Frame 1/${times.length} · t ${times[0].toFixed(1)} s`);
    // The demo's CTP files state no window: it opens in the brain window, not its full range.
    await expect.poll(() => windowText(page)).toBe('W 80 L 40');

    // Frames by key: ] three times, the slice kept; End the last; Home the first.
    const slice = await sliceText(page);
    for (let n = 0; n < 3; n++) await page.keyboard.press(']');
    await expect.poll(() => shownFrame(page)).toMatchObject({ frame: 4, timeS: times[3] });
    expect(await sliceText(page)).toBe(slice);
    await page.keyboard.press('End');
    await expect.poll(() => shownFrame(page)).toMatchObject({ frame: times.length, timeS: times[times.length - 1] });
    await page.keyboard.press('[');
    await expect.poll(() => shownFrame(page)).toMatchObject({ frame: times.length - 1, timeS: times[times.length - 2] });
    await page.keyboard.press('Home');
    await expect.poll(() => shownFrame(page)).toMatchObject({ frame: 1, timeS: times[0] });

    // The slider into the sparse part of the schedule: frame 33 is 5 s after frame 32, not 1.5 s.
    await bar.getByLabel('Time frame').fill('32');
    await expect.poll(() => shownFrame(page)).toMatchObject({ frame: 33, timeS: Number(times[32].toFixed(1)) });
    await expect(bar.getByLabel('Cine time').innerText()).resolves.toBe(`Frame 33/${times.length} · t ${times[32].toFixed(1)} s`);
    expect(times[32] - times[31]).toBeCloseTo(5, 6);
    expect(times[1] - times[0]).toBeCloseTo(1.5, 6);

    // Scrolling slices keeps the frame (and, one table position here, its time).
    await viewport1(page).click();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => sliceText(page)).not.toBe(slice);
    await expect(shownFrame(page)).resolves.toMatchObject({ frame: 33, timeS: Number(times[32].toFixed(1)) });
    await session.screenshot('64-perfusion-cine-frame');

    // Cine at 15 fps: frames advance (and wrap), each showing its own truth time; paused, it stays.
    await bar.getByLabel('Cine rate').selectOption({ label: '15 fps' });
    await bar.getByRole('button', { name: 'Play cine' }).click();
    await viewport1(page).getByLabel('Cine', { exact: true }).waitFor();
    const seen = new Set<number>();
    const deadline = Date.now() + 20_000;
    while (seen.size < 6 && Date.now() < deadline) {
      const f = await shownFrame(page);
      expect(f.timeS).toBe(Number(times[f.frame - 1].toFixed(1)));
      seen.add(f.frame);
      await page.waitForTimeout(60);
    }
    expect(seen.size).toBeGreaterThanOrEqual(6);
    await bar.getByRole('button', { name: 'Pause cine' }).click();
    await expect(viewport1(page).getByLabel('Cine', { exact: true }).count()).resolves.toBe(0);
    // Paused on the frame the slider holds (the last step's render may still be landing), and it stays there.
    const held = Number(await bar.getByLabel('Time frame').inputValue());
    await expect.poll(async () => (await shownFrame(page)).frame).toBe(held + 1);
    const paused = await shownFrame(page);
    await page.waitForTimeout(400);
    await expect(shownFrame(page)).resolves.toEqual(paused);
    // p plays and pauses as well.
    await page.keyboard.press('p');
    await expect.poll(async () => (await shownFrame(page)).frame).not.toBe(paused.frame);
    await page.keyboard.press('p');
    await expect(viewport1(page).getByLabel('Cine', { exact: true }).count()).resolves.toBe(0);

    // The CTP presets on keys 1–5 and in the toolbar: vessels 600/150, perfusion 60/50, brain 80/40.
    await page.keyboard.press('3');
    await expect.poll(() => windowText(page)).toBe('W 600 L 150');
    await page.getByRole('button', { name: 'Window preset Perfusion' }).click();
    await expect.poll(() => windowText(page)).toBe('W 60 L 50');
    // Near the tissue's peak (frame 15, 21 s) in the narrow perfusion window: enhanced brain, vessels white.
    await bar.getByLabel('Time frame').fill('14');
    await expect.poll(() => shownFrame(page)).toMatchObject({ frame: 15, timeS: times[14] });
    await session.screenshot('64c-perfusion-cine-perfusion-window');
    // Keys go to the viewer again once the slider lets go of the focus.
    await viewport1(page).click();
    await page.keyboard.press('1');
    await expect.poll(() => windowText(page)).toBe('W 80 L 40');
    await page.keyboard.press('3');
    await expect.poll(() => windowText(page)).toBe('W 600 L 150');
    await expect(page.getByRole('button', { name: 'Window preset Subdural' }).count()).resolves.toBe(0);
    // The help lists the frame keys and both preset sets.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    const keys = await help.locator('kbd').allInnerTexts();
    for (const k of ['[', ']', 'Home', 'End', 'p', '3']) expect(keys).toContain(k);
    await expect(help.innerText()).resolves.toContain('W/L preset: Subdural (W 215 / L 75); CT perfusion images: Vessels (W 600 / L 150)');
    await session.screenshot('64b-perfusion-cine-help');
    await page.keyboard.press('Escape');

    // Compute the maps, back to the images: the curves mark the shown frame's time and follow it;
    // a click on the chart shows the frame acquired nearest the clicked time.
    await page.getByRole('button', { name: 'Compute perfusion' }).click();
    await viewport1(page).getByLabel('Map shown').filter({ hasText: 'CBF · axial' }).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Images', exact: true }).click();
    await bar.waitFor();
    const marked = page.getByLabel('Marked frame time');
    const f0 = await shownFrame(page);
    await expect.poll(() => marked.innerText()).toBe(`Frame ${times[f0.frame - 1].toFixed(1)} s`);
    await page.keyboard.press('Home');
    await expect.poll(() => marked.innerText()).toBe('Frame 0.0 s');
    const chart = (await page.getByTestId('perfusion-curves-plot').locator('.u-over').boundingBox())!;
    // The x axis spans the AIF's times (first to last frame); 60 s lies between 58.5 s and 63.5 s.
    const x = chart.x + (chart.width * (60 - times[0])) / (times[times.length - 1] - times[0]);
    await page.mouse.click(x, chart.y + chart.height / 2);
    const nearest = times.reduce((best, t, n) => (Math.abs(t - 60) < Math.abs(times[best] - 60) ? n : best), 0);
    await expect.poll(() => shownFrame(page)).toMatchObject({ frame: nearest + 1, timeS: Number(times[nearest].toFixed(1)) });
    await expect.poll(() => marked.innerText()).toBe(`Frame ${times[nearest].toFixed(1)} s`);
    await session.screenshot('65-perfusion-cine-curves');

    // A plain CT series gets the general presets on the same keys again, and no cine bar.
    await page
      .getByRole('treeitem', { name: 'Study MRI+CT BRAIN STROKE DAY 14' })
      .getByRole('treeitem', { name: /^Series .*NCCT/ })
      .click();
    await page.getByRole('button', { name: 'Window preset Subdural' }).waitFor();
    await page.keyboard.press('3');
    await expect.poll(() => windowText(page)).toBe('W 215 L 75');
    await expect(bar.count()).resolves.toBe(0);
    session.assertNoProblems();
  });

  it('a shuttle-mode series: each slice reads its own table position\'s time for the same frame', async () => {
    // Two table positions of two slices each, the second acquired 0.8 s after the first, irregular times.
    const first = [0, 1.5, 3, 4.5, 9.5, 14.5];
    const second = first.map((t) => t + 0.8);
    const folder = mkdtempSync(join(tmpdir(), 'ctp-shuttle-'));
    try {
      const images = ctpSeriesImages({
        dims: [24, 24, 4],
        spacing: [4, 4, 10],
        origin: [-48, -48, 0],
        times: [first, second],
        hu: (i, j, k, t) => 30 + 20 * Math.exp(-(((i - 12) ** 2 + (j - 12) ** 2) / 40)) * (1 + t / 10) + k,
        tagging: 'acquisition-time',
      });
      for (const im of images) writeDicomFile(join(folder, `${im.name}.dcm`), im.elements);
      const session = await suite.open();
      const { page } = session;
      await page.getByLabel('Folder input').setInputFiles(folder);
      const bar = viewport1(page).getByRole('group', { name: 'Cine over time' });
      await bar.waitFor({ timeout: 60_000 });
      // Opens on the middle slice (Im 3/4, the second position), frame 1 at 0.8 s.
      await expect.poll(() => sliceText(page)).toBe('Im 3/4');
      await expect.poll(() => shownFrame(page)).toEqual({ frame: 1, count: 6, timeS: 0.8 });
      await bar.getByLabel('Time frame').fill('4');
      await expect.poll(() => shownFrame(page)).toMatchObject({ frame: 5, timeS: 10.3 });
      // One slice back is the first position: the same frame, its own time.
      await viewport1(page).click();
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => sliceText(page)).toBe('Im 2/4');
      await expect.poll(() => shownFrame(page)).toMatchObject({ frame: 5, timeS: 9.5 });
      await expect(bar.getByLabel('Cine time').innerText()).resolves.toBe('Frame 5/6 · t 9.5 s');
      await page.keyboard.press(']');
      await expect.poll(() => shownFrame(page)).toMatchObject({ frame: 6, timeS: 14.5 });
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => shownFrame(page)).toMatchObject({ frame: 6, timeS: 15.3 });
      await session.screenshot('66-perfusion-cine-shuttle');
      session.assertNoProblems();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
