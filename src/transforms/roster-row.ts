import { reason, type Reason } from '../reason.js';
import type { SourceRow } from '../readers/source-row.js';
import { CcbulkError } from '../errors.js';
import { parseSkills, splitNames } from './roster-cells.js';
import { nameKey, type NameIndex } from './roster-names.js';

/** The columns a roster file can have, as the export writes them; headers match case- and space-insensitively. */
export const ROSTER_COLUMNS = ['Email', 'Name', 'Role', 'Queues', 'Teams', 'Skills', 'Region', 'Country', 'Access', 'Package', 'Client integration'] as const;

/** A roster column. */
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

/** Other spellings of the headers a person might use. */
const ALIASES: Readonly<Record<string, RosterColumn>> = {
  'e-mail': 'Email',
  'email address': 'Email',
  'user email': 'Email',
  'display name': 'Name',
  queue: 'Queues',
  team: 'Teams',
  skill: 'Skills',
  'country iso code': 'Country',
  'user access': 'Access',
  'package name': 'Package',
};

/** Columns the issue names that this version does not import yet: a file with values in them is refused, not half-read. */
const NOT_YET: readonly string[] = ['user template'];

/** Where each roster column is in a file's header (absent columns are not managed). */
export type RosterPlan = Readonly<Partial<Record<RosterColumn, number>>>;

/**
 * The roster columns of a header. `Email` is required; `User template` is refused
 * as not imported yet; a header that is no roster column is carried through untouched.
 */
export function planRosterColumns(header: readonly string[], file: string): RosterPlan {
  const plan: Partial<Record<RosterColumn, number>> = {};
  const known = new Map<string, RosterColumn>(ROSTER_COLUMNS.map((c) => [nameKey(c), c]));
  for (const [alias, column] of Object.entries(ALIASES)) known.set(alias, column);
  header.forEach((name, index) => {
    const key = nameKey(name);
    if (NOT_YET.includes(key)) {
      throw new CcbulkError('INPUT_INVALID', `${file}: the column '${name}' is not imported yet: leave it out of the file (ccbulk imports ${ROSTER_COLUMNS.join(', ')})`, { field: name });
    }
    const column = known.get(key);
    if (column !== undefined && plan[column] === undefined) plan[column] = index;
  });
  if (plan.Email === undefined) {
    throw new CcbulkError('INPUT_INVALID', `${file}: no 'Email' column: each row needs the agent's Zoom e-mail address (columns found: ${header.join(', ')})`, { field: 'Email' });
  }
  return plan;
}

/** The account's names a roster row resolves against. */
export interface RosterCatalogue {
  readonly queues: NameIndex;
  readonly teams: NameIndex;
  readonly roles: NameIndex;
  readonly skills: NameIndex;
  readonly regions: NameIndex;
  /** The most proficiency each skill takes (1 for a skill without levels), by id. */
  readonly skillLevels: ReadonlyMap<string, { readonly max: number; readonly levels: boolean }>;
}

/** A user's profile fields the file can set, as `PATCH /users` names them. */
export interface RosterProfile {
  readonly country_iso_code?: string | undefined;
  readonly user_access?: 'active' | 'inactive' | undefined;
  readonly package_name?: 'essentials' | 'premium' | 'elite' | undefined;
  readonly client_integration?: 'Default' | 'Salesforce' | 'Zendesk' | 'ServiceNow' | 'Microsoft_Dynamics_365' | undefined;
}

/**
 * What a row asks for one agent, its names resolved to ids. A field left undefined is a column
 * the file does not have: the run leaves it as it is. A present column's blank cell is an empty
 * list (in a sync: none).
 */
export interface RosterWish {
  /** The agent's Zoom e-mail address, lower case. */
  readonly email: string;
  readonly roleId?: string | undefined;
  readonly regionId?: string | undefined;
  readonly queueIds?: readonly string[] | undefined;
  readonly teamIds?: readonly string[] | undefined;
  /** Skill id → proficiency. */
  readonly skills?: ReadonlyMap<string, number> | undefined;
  readonly profile: RosterProfile;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ACCESS = ['active', 'inactive'] as const;
const PACKAGES = ['essentials', 'premium', 'elite'] as const;
const INTEGRATIONS = ['Default', 'Salesforce', 'Zendesk', 'ServiceNow', 'Microsoft_Dynamics_365'] as const;

/** The value of `choices` a cell names, case-insensitively. */
function choice<T extends string>(text: string, choices: readonly T[]): T | undefined {
  return choices.find((c) => c.toLowerCase() === text.trim().toLowerCase().replace(/\s+/g, '_'));
}

/**
 * A roster row as what it asks, or every reason it cannot be read: the address, each name
 * (unknown → the nearest names; shared by two items → ambiguous), each level and profile value.
 */
export function rosterWishOf(row: SourceRow, plan: RosterPlan, catalogue: RosterCatalogue): { ok: true; wish: RosterWish } | { ok: false; reasons: Reason[] } {
  const cell = (column: RosterColumn) => (plan[column] === undefined ? undefined : (row.cells[plan[column]] ?? '').trim());
  const reasons: Reason[] = [];
  const email = (cell('Email') ?? '').toLowerCase();
  if (email === '') reasons.push(reason('Email: missing'));
  else if (!EMAIL.test(email)) reasons.push(reason('Email: not an e-mail address', email));

  const names = (column: RosterColumn, index: NameIndex): string[] | undefined => {
    const text = cell(column);
    if (text === undefined) return undefined;
    const ids: string[] = [];
    for (const name of splitNames(text, (t) => index.resolve(t).ok)) {
      const found = index.resolve(name);
      if (found.ok) {
        if (!ids.includes(found.item.id)) ids.push(found.item.id);
      } else reasons.push({ kind: `${column}: unknown or ambiguous name`, text: `${column}: ${found.problem}` });
    }
    return ids;
  };
  const queueIds = names('Queues', catalogue.queues);
  const teamIds = names('Teams', catalogue.teams);
  let roleId: string | undefined;
  const roleText = cell('Role');
  if (roleText !== undefined && roleText !== '') {
    const roles = splitNames(roleText, (t) => catalogue.roles.resolve(t).ok);
    if (roles.length > 1) reasons.push(reason('Role: an agent has one role', roleText));
    else {
      const found = catalogue.roles.resolve(roles[0]!);
      if (found.ok) roleId = found.item.id;
      else reasons.push({ kind: 'Role: unknown or ambiguous name', text: `Role: ${found.problem}` });
    }
  }
  let regionId: string | undefined;
  const regionText = cell('Region');
  if (regionText !== undefined && regionText !== '') {
    const found = catalogue.regions.resolve(regionText);
    if (found.ok) regionId = found.item.id;
    else reasons.push({ kind: 'Region: unknown or ambiguous name', text: `Region: ${found.problem}` });
  }
  let skills: Map<string, number> | undefined;
  const skillCell = cell('Skills');
  if (skillCell !== undefined) {
    skills = new Map();
    const parsed = parseSkills(skillCell, (t) => catalogue.skills.resolve(t).ok);
    for (const problem of parsed.problems) reasons.push({ kind: 'Skills: proficiency out of range', text: `Skills: ${problem}` });
    for (const skill of parsed.skills) {
      const found = catalogue.skills.resolve(skill.name);
      if (!found.ok) {
        reasons.push({ kind: 'Skills: unknown or ambiguous name', text: `Skills: ${found.problem}` });
        continue;
      }
      const limits = catalogue.skillLevels.get(found.item.id) ?? { max: 5, levels: true };
      const level = limits.levels ? (skill.level ?? 1) : 1;
      if (level > limits.max) reasons.push({ kind: 'Skills: proficiency out of range', text: `Skills: '${skill.text}': ${found.item.name} takes levels 1 to ${limits.max}` });
      else skills.set(found.item.id, level);
    }
  }

  const profile: { -readonly [K in keyof RosterProfile]: RosterProfile[K] } = {};
  const country = cell('Country');
  if (country !== undefined && country !== '') {
    if (/^[A-Za-z]{2}$/.test(country)) profile.country_iso_code = country.toUpperCase();
    else reasons.push(reason('Country: not a two-letter ISO code', country));
  }
  const pick = <T extends string>(column: RosterColumn, choices: readonly T[], set: (value: T) => void) => {
    const text = cell(column);
    if (text === undefined || text === '') return;
    const value = choice(text, choices);
    if (value === undefined) reasons.push({ kind: `${column}: not one of ${choices.join(', ')}`, text: `${column}: '${text}' is not one of ${choices.join(', ')}` });
    else set(value);
  };
  pick('Access', ACCESS, (v) => (profile.user_access = v));
  pick('Package', PACKAGES, (v) => (profile.package_name = v));
  pick('Client integration', INTEGRATIONS, (v) => (profile.client_integration = v));

  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, wish: { email, roleId, regionId, queueIds, teamIds, skills, profile } };
}
