import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, REFUSED_IMPACTS, type AxeViolation } from '../support/axe.js';
import { loggedInContext, startUiWorld, walkEveryStep, WALK_STEPS, type UiWorld, type WalkStep } from '../support/ui-walk.js';

/** Page code: each live region that holds a control or a heading, or is `main` or in it whole. */
const LIVE_REGIONS = `[...document.querySelectorAll('[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]')]
  .filter((region) => region.matches('main, body') || region.querySelector('a, button, input, select, textarea, h1, h2, table') !== null)
  .map((region) => region.tagName.toLowerCase() + (region.id ? '#' + region.id : '') + ' is a live region with controls or headings in it')`;

/**
 * axe-core, in Chromium, over every step of the page as a person walks it: no violation of
 * moderate impact or more anywhere (issue 26, point 13).
 */
describe('the page’s accessibility, in Chromium', () => {
  let world: UiWorld;

  beforeAll(async () => {
    world = await startUiWorld(1326);
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('has no axe violation of moderate impact or more on any step: job, upload, mapping, check, run going and stopped, the banner, past runs, result and export', async () => {
    // The page's CSP refuses inline scripts, axe's tag among them: the test's context alone bypasses it.
    const page = await (await loggedInContext(world, { bypassCSP: true })).newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const found = new Map<WalkStep, AxeViolation[]>();
    const liveProblems: string[] = [];
    await walkEveryStep(world, page, async (step) => {
      found.set(step, await axeViolations(page));
      // A live region is read again on every change: only words may be one, never the page or its controls.
      const live = await page.evaluate<string[]>(LIVE_REGIONS);
      liveProblems.push(...live.map((problem) => `${step}: ${problem}`));
      if (step === 'run-going') expect(await page.getByRole('progressbar', { name: 'Rows done' }).count()).toBe(1);
    });
    expect(liveProblems).toEqual([]);
    expect([...found.keys()]).toEqual([...WALK_STEPS]);
    const all = [...found.values()].flat();
    const byImpact = Object.fromEntries(['minor', ...REFUSED_IMPACTS].map((impact) => [impact, all.filter((v) => v.impact === impact).length]));
    const where = [...found].flatMap(([step, violations]) => violations.map((v) => `${step}: ${v.id} (${v.impact ?? 'no impact'})`));
    console.log(`axe violations over ${found.size} steps, by impact: ${JSON.stringify(byImpact)}${where.map((line) => `\n  ${line}`).join('')}`);
    const refused = [...found].map(([step, violations]) => describeViolations(step, violations.filter((v) => REFUSED_IMPACTS.includes(v.impact ?? '')))).filter((text) => text !== '');
    expect(refused.join('\n'), 'axe violations of moderate impact or more').toBe('');
    expect(problems).toEqual([]);
  }, 240_000);
});
