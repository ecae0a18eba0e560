import { describe, expect, it } from 'vitest';
import { parseSkills, splitNames } from '../../src/transforms/roster-cells.js';

const queues = new Set(['sales, eu', 'billing and returns', 'sales', 'support', 'tier 1/2']);
const known = (text: string): boolean => queues.has(text.trim().toLowerCase());

describe('the names in a roster cell', () => {
  it('split on ; | and line breaks always, and on , / "or" "and" when the pieces are names the account has', () => {
    expect(splitNames('Sales; Support', known)).toEqual(['Sales', 'Support']);
    expect(splitNames('Sales, Support', known)).toEqual(['Sales', 'Support']);
    expect(splitNames('Sales and Support', known)).toEqual(['Sales', 'Support']);
    expect(splitNames('Sales / Support\nSales', known)).toEqual(['Sales', 'Support']);
  });

  it('keep a name that holds a separator whole when the account has it', () => {
    expect(splitNames('Sales, EU', known)).toEqual(['Sales, EU']);
    expect(splitNames('Billing and Returns; Support', known)).toEqual(['Billing and Returns', 'Support']);
    expect(splitNames('Tier 1/2', known)).toEqual(['Tier 1/2']);
  });

  it('name the unknown piece, not the whole cell, when the others are known', () => {
    expect(splitNames('Sales, Suport', known)).toEqual(['Sales', 'Suport']);
    expect(splitNames('Nothing, Known', known)).toEqual(['Nothing, Known']);
  });

  it('read skills with their levels the same way', () => {
    const skills = (text: string): boolean => ['spanish', 'billing'].includes(text.toLowerCase());
    expect(parseSkills('Spanish:4, Billing:2', skills).skills.map((s) => [s.name, s.level])).toEqual([
      ['Spanish', 4],
      ['Billing', 2],
    ]);
    expect(parseSkills('Spanish:4;Billing:2', skills).skills.map((s) => s.name)).toEqual(['Spanish', 'Billing']);
  });
});
