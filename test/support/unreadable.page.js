// Run in the browser by page.evaluate (plain JS: the tests' types hold no DOM).
/**
 * What a step shows that a person could not read or reach without scrolling sideways: the page
 * wider than the viewport; a link, button or field (visible) reaching past either edge; text past
 * either edge outside a box that scrolls on its own (the preview's grid does); text cut by a box
 * that hides its overflow. Page code, read by
 * test/ui/responsive.test.ts and run in the page: an expression whose value is the list.
 */
(() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const name = (e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} “${(e.textContent ?? '').trim().slice(0, 50) || (e.getAttribute('aria-label') ?? '')}”`;
  const shown = (e) => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== 'hidden';
  };
  /** Whether `e` is, or sits in, a box of its own that scrolls sideways, or one meant to be read only by screen readers. */
  const exempt = (e) => {
    for (let up = e; up && up !== document.documentElement; up = up.parentElement) {
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
      for (let up = parent; up && up !== document.body; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (!['hidden', 'clip'].includes(style.overflowX) && !['hidden', 'clip'].includes(style.overflowY)) continue;
        const clip = up.getBoundingClientRect();
        if (box.right > clip.right + 1 || box.left < clip.left - 1 || box.bottom > clip.bottom + 1 || box.top < clip.top - 1) problems.push(`text of ${name(parent)} is cut by ${name(up)}`);
      }
    }
  }
  return [...new Set(problems)];
})();
