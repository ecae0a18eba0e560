import { createHash } from 'node:crypto';

/** A Contact Center user as the emulator keeps it. */
export interface CcUserRecord {
  /** The Zoom (Meetings) user id. */
  user_id: string;
  cc_user_id: string;
  display_name: string;
  user_email: string;
  role_id: string;
  country_iso_code?: string;
  user_access: 'active' | 'inactive';
  client_integration?: 'Default' | 'Salesforce' | 'Zendesk' | 'ServiceNow' | 'Microsoft_Dynamics_365';
  package_name?: 'essentials' | 'premium' | 'elite';
  region_id?: string;
}

/** A queue: its id, name and the channel it serves. */
export interface QueueRecord {
  queue_id: string;
  queue_name: string;
  queue_description?: string;
  channel: 'voice' | 'video' | 'messaging' | 'email';
}

/** A team, under the account's root team (or another team). */
export interface TeamRecord {
  team_id: string;
  team_name: string;
  team_description?: string;
  parent_team_id?: string;
}

/** A role. */
export interface RoleRecord {
  role_id: string;
  role_name: string;
  role_description?: string;
}

/** A region; the account's main region holds every user not assigned to another. */
export interface RegionRecord {
  region_id: string;
  region_name: string;
  is_main_region: boolean;
}

/** A skill category. */
export interface SkillCategoryRecord {
  skill_category_id: string;
  skill_category_name: string;
  skill_category_description?: string;
  skill_type: 'text' | 'proficiency';
  max_proficiency_level: number;
}

/** A skill, in its category. */
export interface SkillRecord {
  skill_id: string;
  skill_name: string;
  skill_category_id: string;
}

/** The domain whose every address is an existing Zoom user (not yet a Contact Center user). */
export const ZOOM_USER_DOMAIN = 'example.com';

/**
 * The Contact Center users of the emulated account and what they are assigned to: queues, teams,
 * roles and skills. The account starts with the roles Zoom gives every account (Admin,
 * Supervisor, Agent) and a root team; it answers its listings from here once anything of it was
 * written (`active`), and from the spec's schema (the catalogue) before, so the catalogue exports
 * stay as they were.
 */
export class RosterStore {
  readonly usersById = new Map<string, CcUserRecord>();
  readonly queuesById = new Map<string, QueueRecord>();
  readonly teamsById = new Map<string, TeamRecord>();
  readonly rolesById = new Map<string, RoleRecord>();
  readonly categoriesById = new Map<string, SkillCategoryRecord>();
  readonly skillsById = new Map<string, SkillRecord>();
  readonly regionsById = new Map<string, RegionRecord>();
  /** Agents (cc_user_ids) by queue id, in assignment order. */
  readonly queueAgents = new Map<string, Set<string>>();
  /** Agents (cc_user_ids) by team id. */
  readonly teamAgents = new Map<string, Set<string>>();
  /** Skills of each user (cc_user_id): skill id → proficiency. */
  readonly userSkills = new Map<string, Map<string, number>>();
  /** Whether anything of the roster was written: listings answer from here from then on. */
  active = false;
  private seeded = false;

  constructor(private readonly newId: () => string) {}

  /** The roles and root team every account has, made on first use. */
  seed(): void {
    if (this.seeded) return;
    this.seeded = true;
    for (const role_name of ['Admin', 'Supervisor', 'Agent']) {
      const role_id = this.newId();
      this.rolesById.set(role_id, { role_id, role_name, role_description: `Default ${role_name.toLowerCase()} role` });
    }
    const team_id = this.newId();
    this.teamsById.set(team_id, { team_id, team_name: 'Root team' });
    const region_id = this.newId();
    this.regionsById.set(region_id, { region_id, region_name: 'Main region', is_main_region: true });
  }

  /** The account's main region, where a new user is. */
  mainRegion(): RegionRecord {
    this.seed();
    return [...this.regionsById.values()].find((r) => r.is_main_region)!;
  }

  /** Marks the roster written (see {@link active}), seeding it first. */
  activate(): void {
    this.seed();
    this.active = true;
  }

  /** The account's root team. */
  rootTeam(): TeamRecord {
    this.seed();
    return [...this.teamsById.values()].find((t) => t.parent_team_id === undefined)!;
  }

  /** The default role of a new user (Agent). */
  defaultRole(): RoleRecord {
    this.seed();
    return [...this.rolesById.values()].find((r) => r.role_name === 'Agent')!;
  }

  /**
   * The Contact Center user an identifier names: its cc_user_id, its Zoom user id or its e-mail
   * (case-insensitive), as the assignment endpoints take any of them.
   */
  findUser(key: string): CcUserRecord | undefined {
    const byId = this.usersById.get(key);
    if (byId) return byId;
    const lower = key.toLowerCase();
    for (const user of this.usersById.values()) if (user.user_id === key || user.user_email.toLowerCase() === lower) return user;
    return undefined;
  }

  /** Forgets everything (the seed is made again on next use). */
  clear(): void {
    for (const map of [this.usersById, this.queuesById, this.teamsById, this.rolesById, this.categoriesById, this.skillsById, this.regionsById, this.queueAgents, this.teamAgents, this.userSkills]) map.clear();
    this.active = false;
    this.seeded = false;
  }

  /** Everything as plain JSON, for `GET /_emulator/state`. */
  snapshot(): Record<string, unknown> {
    return {
      users: [...this.usersById.values()].map((u) => ({ ...u, skills: Object.fromEntries(this.userSkills.get(u.cc_user_id) ?? []) })),
      queues: [...this.queuesById.values()].map((q) => ({ ...q, agents: [...(this.queueAgents.get(q.queue_id) ?? [])] })),
      teams: [...this.teamsById.values()].map((t) => ({ ...t, agents: [...(this.teamAgents.get(t.team_id) ?? [])] })),
      roles: [...this.rolesById.values()],
      regions: [...this.regionsById.values()],
      skill_categories: [...this.categoriesById.values()],
      skills: [...this.skillsById.values()],
    };
  }
}

/**
 * The Zoom (Meetings) user an address names, when it is one: every address at `example.com` is,
 * with a stable id drawn from the address and a display name from its local part
 * (`ana.lopez@example.com` → `Ana Lopez`); any other is not.
 */
export function zoomUserOf(email: string): { user_id: string; display_name: string } | undefined {
  const at = email.lastIndexOf('@');
  if (at < 1 || email.slice(at + 1).toLowerCase() !== ZOOM_USER_DOMAIN) return undefined;
  const user_id = createHash('sha256').update(email.toLowerCase()).digest('base64url').slice(0, 22);
  const display_name = email
    .slice(0, at)
    .split(/[._-]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
  return { user_id, display_name };
}
