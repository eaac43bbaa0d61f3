import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFrameDecoder } from '../../src/codecs/createFrameDecoder';
import { listFolder } from '../../src/cli/nodeFileSource';
import { planSeries } from '../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../src/core/dicom/indexFiles';
import { fitVolume } from '../../src/core/dti/fitVolume';
import { assembleVolume } from '../../src/core/volume/assembleVolume';
import { appSuite, canvasStats } from './harness';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../helpers/sharedData';

if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);

const suite = appSuite();

/**
 * Vendors whose layout no other browser test opens: a United Imaging VFRAME grid (one 5 × 4 tile
 * image per volume) and a classic Philips DTI whose b0 is marked 'I' beside a derived trace volume.
 * Each is opened from its folder, browsed, fitted, and its FA probed against a fit made here in Node.
 */
describe.skipIf(!hasSharedDicom)('other vendors in Chromium', () => {
  for (const [id, shot, display] of [
    // A grid image per volume opens as its slices (an axial reformat of the assembled volume), not as the tile sheet.
    ['uih_9_dti_dir16_AP_134431', 'uih', 'Axial reformat · 64×64×20'],
    ['philips_601_dti_ax_r5p3', 'philips601', null],
  ] as const) {
    it(`${id}: lists the series as DTI, shows its images, computes FA and probes it`, async () => {
      const folder = join(sharedSeriesDir(id), 'dicom');
      const files = await listFolder(folder);
      const series = (await indexFiles(files)).patients.flatMap((p) => p.studies.flatMap((s) => s.series)).find((s) => s.kind === 'dwi')!;
      const volume = await assembleVolume(planSeries(series), new Map(files.map((f) => [f.path, f])), createFrameDecoder());
      const reference = fitVolume(volume, { estimator: 'wls', maskThreshold: 1 });

      const session = await suite.open();
      const { page } = session;
      await page.getByLabel('Folder input').setInputFiles(folder);
      const row = page.getByRole('treeitem', { name: new RegExp(`^Series .*DTI b.* .${series.directionCount}`) });
      await row.waitFor({ timeout: 120_000 });
      await row.click();
      let stats = await canvasStats(page, 0);
      for (let i = 0; i < 50 && stats.variance < 1; i++) {
        await page.waitForTimeout(200);
        stats = await canvasStats(page, 0);
      }
      expect(stats.variance).toBeGreaterThan(1);
      if (display) await page.getByRole('region', { name: 'Viewport 1' }).getByLabel('Reformat').filter({ hasText: display }).waitFor();
      await session.screenshot(`60-${shot}-dwi`);
      expect(await page.getByRole('region', { name: 'Viewport 1' }).getByRole('alert').count()).toBe(0);

      await page.getByRole('button', { name: 'Compute DTI' }).click();
      await page.getByRole('region', { name: 'Viewport 1' }).getByLabel('Map shown').filter({ hasText: 'FA · axial' }).waitFor({ timeout: 240_000 });
      expect(await page.getByLabel('Fit summary').innerText()).toContain(`WLS · ${reference.counts.fitted} voxels`);
      await page.waitForTimeout(500);
      await session.screenshot(`61-${shot}-fa`);

      const box = (await page.getByTestId('viewport-element-0').boundingBox())!;
      const [nx, ny] = reference.dims;
      let inside = 0;
      for (const [fx, fy] of [[0.5, 0.5], [0.45, 0.4], [0.55, 0.6]]) {
        await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
        const probe = page.getByRole('region', { name: 'Viewport 1' }).getByLabel('Probe');
        await probe.waitFor();
        const m = /^FA (-?[\d.]+) @ (\d+),(\d+),(\d+)$/.exec((await probe.innerText()).trim());
        expect(m, 'probe text').not.toBeNull();
        const expected = reference.scalars.fa[Number(m![2]) + nx * (Number(m![3]) + ny * Number(m![4]))];
        expect(Math.abs(Number(m![1]) - expected)).toBeLessThanOrEqual(0.0005 + 1e-6);
        if (expected > 0) inside++;
      }
      expect(inside).toBeGreaterThan(0);
      session.assertNoProblems();
    });
  }
});
