import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/import-env.js';
import { loggedInContext, startUiWorld, walkEveryStep, WALK_STEPS, type UiWorld, type WalkStep } from '../support/ui-walk.js';

/**
 * What a step shows that a person could not read or reach without scrolling sideways: the page
 * wider than the viewport; a link, button or field (visible) reaching past either edge; text past
 * either edge outside a box that scrolls on its own (the preview's grid does); text cut by a box
 * that hides its overflow. Page code: it runs in the browser.
 */
function unreadable(): string[] {
  const width = document.documentElement.clientWidth;
  const problems: string[] = [];
  const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} “${(e.textContent ?? '').trim().slice(0, 50) || (e.getAttribute('aria-label') ?? '')}”`;
  const shown = (e: Element) => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== 'hidden';
  };
  /** Whether `e` is, or sits in, a box of its own that scrolls sideways, or one meant to be read only by screen readers. */
  const exempt = (e: Element) => {
    for (let up: Element | null = e; up && up !== document.documentElement; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX === 'auto' || style.overflowX === 'scroll' || style.clipPath === 'inset(50%)') return true;
    }
    return false;
  };
  if (document.documentElement.scrollWidth > width) problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px viewport`);
  for (const e of document.querySelectorAll('a[href], button, input, select, textarea, iframe, [role="button"], [tabindex]:not([tabindex="-1"])')) {
    if (!shown(e)) continue;
    const box = e.getBoundingClientRect();
    if (box.left < -0.5 || box.right > width + 0.5) problems.push(`${name(e)} spans ${Math.round(box.left)} to ${Math.round(box.right)} px of ${width}`);
  }
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    const parent = node.parentElement;
    if (!parent || (node.textContent ?? '').trim() === '' || !shown(parent) || exempt(parent) || parent.closest('option, script, style')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const box of range.getClientRects()) {
      if (box.width === 0) continue;
      if (box.left < -0.5 || box.right > width + 0.5) problems.push(`text of ${name(parent)} spans ${Math.round(box.left)} to ${Math.round(box.right)} px of ${width}`);
      for (let up: Element | null = parent; up && up !== document.body; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (!['hidden', 'clip'].includes(style.overflowX) && !['hidden', 'clip'].includes(style.overflowY)) continue;
        const clip = up.getBoundingClientRect();
        if (box.right > clip.right + 1 || box.left < clip.left - 1 || box.bottom > clip.bottom + 1 || box.top < clip.top - 1) problems.push(`text of ${name(parent)} is cut by ${name(up)}`);
      }
    }
  }
  return [...new Set(problems)];
}

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
        found.push(...(await page.evaluate(unreadable)).map((problem) => `${step}: ${problem}`));
      });
      console.log(`screenshots ${size.label}: ${shots}`);
      expect(seen).toEqual([...WALK_STEPS]);
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
    }, 240_000);
  }
});
