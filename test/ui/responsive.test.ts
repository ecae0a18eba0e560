import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/import-env.js';
import { loggedInContext, startUiWorld, walkEveryStep, WALK_STEPS, type UiWorld, type WalkStep } from '../support/ui-walk.js';

/** What a step shows that a person could not read or reach without scrolling sideways (see the file). */
const unreadable = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'support', 'unreadable.page.js'), 'utf8');

/**
 * Every step of the page read on a phone (390 CSS px) and at 200 % zoom: a 1280 px window at
 * 200 % lays out 640 CSS px at two device pixels each, which is what the second viewport is
 * (viewport 640 × 400, deviceScaleFactor 2). Screenshots of each step are saved under a temporary
 * folder, named in the output (issue 26, point 13).
 */
describe('the page on narrow screens, in Chromium', () => {
  const shots = tempDir('ccbulk-ui-shots-');
  const worlds: UiWorld[] = [];
  afterAll(async () => {
    for (const world of worlds) await world.close();
  });

  const sizes = [
    { label: '390 px wide', file: '390px', viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 },
    { label: '200 % zoom (640 CSS px at scale 2)', file: 'zoom200', viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 },
  ];
  for (const size of sizes) {
    it(`shows every step ${size.label} with every control and every word within the width, nothing to scroll sideways`, async () => {
      const world = await startUiWorld(390 + size.deviceScaleFactor);
      worlds.push(world);
      const context = await loggedInContext(world, { viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const found: string[] = [];
      const seen: WalkStep[] = [];
      await walkEveryStep(world, page, async (step) => {
        seen.push(step);
        await page.screenshot({ path: path.join(shots, `${size.file}-${String(seen.length).padStart(2, '0')}-${step}.png`), fullPage: true });
        found.push(...(await page.evaluate<string[]>(unreadable)).map((problem) => `${step}: ${problem}`));
      });
      console.log(`screenshots ${size.label}: ${shots}`);
      expect(seen).toEqual([...WALK_STEPS]);
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
    }, 240_000);
  }
});
