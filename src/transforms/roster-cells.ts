import { knownValues } from './cell-values.js';

/**
 * The cells of a roster file that hold several names: `Sales; Support`, `Spanish:4, Billing:2`.
 *
 * Several names in one cell split as numbers and e-mails do (cell-values.ts): on `;`, `|` and
 * line breaks, and on `,` `/` "or" "and" when every piece is a name the account has, so that a
 * queue whose name holds a comma or an "and" is read whole.
 */
/**
 * The names in a cell, trimmed, blanks left out, each once (the first spelling kept). `known`
 * says whether the account has a name; without it, only `;`, `|` and line breaks split.
 */
export function splitNames(cell: string, known: (text: string) => boolean = () => false): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const part of knownValues(cell, known)) {
    const name = part.trim();
    const key = name.toLowerCase().replace(/\s+/g, ' ');
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    names.push(name);
  }
  return names;
}

/** A skill as a cell names it: `Spanish:4` (a proficiency), or `Spanish` alone. */
export interface SkillCell {
  readonly name: string;
  /** The proficiency after the last `:`, when one is given. */
  readonly level?: number | undefined;
  /** What the cell said, for messages. */
  readonly text: string;
}

/**
 * The skills of a `Skills` cell: `Spanish:4; Billing:2`. A level is a whole number from 1 to 5
 * after the last `:` (a skill name may itself hold a colon); anything else after a colon is part
 * of the name. `problems` lists what is wrong with the cell, as text for the row's reason.
 */
export function parseSkills(cell: string, known: (name: string) => boolean = () => false): { readonly skills: SkillCell[]; readonly problems: string[] } {
  const skills: SkillCell[] = [];
  const problems: string[] = [];
  // A piece is a skill the account has, with or without its level.
  const knownSkill = (text: string): boolean => known(text) || known(text.replace(/\s*[:=]\s*\d+$/, ''));
  for (const text of splitNames(cell, knownSkill)) {
    const match = /^(.*?)\s*[:=]\s*(\S+)$/.exec(text);
    if (match === null) {
      skills.push({ name: text, text });
      continue;
    }
    const level = Number(match[2]);
    if (/^\d+$/.test(match[2]!) && level >= 1 && level <= 5 && match[1]!.trim() !== '') skills.push({ name: match[1]!.trim(), level, text });
    else if (/^\d+$/.test(match[2]!)) problems.push(`skill '${text}': the proficiency must be 1 to 5`);
    else skills.push({ name: text, text });
  }
  return { skills, problems };
}

/** How a skill is written in a cell: `Spanish:4`, or `Spanish` for a skill without levels. */
export function skillText(name: string, level: number | undefined): string {
  return level === undefined ? name : `${name}:${level}`;
}
