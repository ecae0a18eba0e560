import { describe, expect, it } from 'vitest';
import { attribute, echoMatches, type ContactEcho } from '../../src/senders/batch-answer.js';

const ada: ContactEcho = { display_name: 'Ada', phones: ['+14155550001'], emails: ['ada@example.com'] };
const bob: ContactEcho = { display_name: 'Bob', phones: [], emails: ['bob@example.com'] };

describe('echoMatches', () => {
  it('matches the same name, numbers and e-mails in any order, e-mails ignoring case', () => {
    expect(echoMatches({ display_name: 'A', phones: ['+1', '+2'], emails: ['x@Y.com'] }, { display_name: 'A', phones: ['+2', '+1'], emails: ['X@y.com'] })).toBe(true);
  });

  it('does not match another name or another number', () => {
    expect(echoMatches(ada, { ...ada, display_name: 'Eve' })).toBe(false);
    expect(echoMatches(ada, { ...ada, phones: ['+14155550002'] })).toBe(false);
    expect(echoMatches(ada, { ...ada, phones: [] })).toBe(false);
  });

  it('ignores the echoed name when none was sent (an update keeps the stored one)', () => {
    expect(echoMatches({ phones: ada.phones, emails: ada.emails }, ada)).toBe(true);
  });
});

describe('attribute', () => {
  it('gives every entry its one matching row and lists the rest', () => {
    const stranger: ContactEcho = { display_name: 'Zed', phones: ['+19999999999'], emails: [] };
    const result = attribute([ada, bob], [bob, stranger], echoMatches);
    expect([...result.matched]).toEqual([[1, bob]]);
    expect(result.ambiguous.size).toBe(0);
    expect(result.unmatched).toEqual([stranger]);
  });

  it('calls rows ambiguous when one entry could be either of them', () => {
    const a = { phones: [], emails: ['same@example.com'] };
    const b = { phones: [], emails: ['same@example.com'] };
    const result = attribute([a, b, ada], [{ display_name: 'Stored', phones: [], emails: ['same@example.com'] }], echoMatches);
    expect(result.matched.size).toBe(0);
    expect([...result.ambiguous]).toEqual([0, 1]);
  });

  it('lets two alike rows take two alike entries one each', () => {
    const a = { phones: [], emails: ['same@example.com'] };
    const entry = { phones: [], emails: ['same@example.com'] };
    // The first entry is ambiguous between both rows; the second too. Both rows stay ambiguous.
    const result = attribute([a, a], [entry, entry], echoMatches);
    expect([...result.ambiguous].sort()).toEqual([0, 1]);
  });
});
