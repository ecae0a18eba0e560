import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** axe-core's browser build, injected into the page under test from node_modules (no CDN). */
export const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

/** One axe violation, as much of it as a person needs to find and fix it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/** Impacts a test refuses: moderate and above. */
export const REFUSED_IMPACTS = ['moderate', 'serious', 'critical'];

/** Runs axe-core over the page as it is now (WCAG 2.x A and AA rules and best practices); its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    // No context: the whole document.
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
}

/** Violations as lines a person reads: rule, impact, what it asks, and each element with why. */
export function describeViolations(step: string, violations: AxeViolation[]): string {
  return violations.map((v) => [`${step}: ${v.id} (${v.impact ?? 'no impact'}): ${v.help} — ${v.helpUrl}`,
    ...v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)].join('\n')).join('\n');
}
