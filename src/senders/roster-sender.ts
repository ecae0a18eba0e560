import { dispositionOf } from '../errors.js';
import type { AgentChange, Assignment } from '../transforms/roster-diff.js';
import type { RosterProfile } from '../transforms/roster-row.js';
import { ZoomApiError } from '../zoom/api-error.js';
import { batchLimit, type ContactCenterClient } from '../zoom/client.js';
import type { OperationId } from '../zoom/generated/operations.js';

/** What became of one agent's change: the parts done and the parts refused, each in words. */
export interface AgentOutcome {
  /** Whether the user was made a Contact Center user by this run (`exists`: it already was one). */
  created: 'created' | 'exists' | undefined;
  /** The new user's Contact Center id, when this run created it. */
  ccUserId?: string | undefined;
  /** `queue:Sales - EU`, `skill:Spanish:4`, `role:Agent`, `profile:user_access`… */
  readonly assigned: string[];
  readonly unassigned: string[];
  /** What Zoom refused, each with its reason. */
  readonly failed: string[];
}

/** How an assignment is written in results.csv and plan.csv: `queue:Sales - EU`, `skill:Spanish:4`. */
export type DescribeAssignment = (assignment: Assignment) => string;

/** Zoom's codes that mean the write was done before: the run counts them as done. */
const ALREADY = { created: 1007, skill: 1405, notInQueue: 1001, noSkill: 1404 } as const;

/** The address a Zoom message names (`User already exists: a@b.com.`), lower case. */
function addressIn(message: string | undefined, among: readonly string[]): string | undefined {
  const said = (message ?? '').toLowerCase();
  return among.find((email) => said.includes(email));
}

/** `items` in pieces of at most `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Sends the roster changes of a wave of agents, grouped by what they write to, so each request
 * carries as many agents as its endpoint takes: the users to create 20 a request
 * (`POST /users/batch`), then profile fields 20 a request (`PATCH /users`), each role's new users
 * 30 a request, each queue's 30, each team's 100, each user's skills 20 a request, and the
 * unassignments (one queue agent or user skill a request, a team's agents in one). Agents are
 * named by e-mail, which every one of these endpoints takes. Every request goes through the
 * client, paced by its label.
 *
 * Zoom's "already" answers count as done: 1007 (already a Contact Center user), 1405 (skill
 * already assigned), an assign answer that leaves out an agent already assigned, and 1001/1404 to
 * an unassignment of what is no longer there. A refusal that concerns the request's items
 * (`reject-batch`) fails that part for the agents in it; anything else (a daily limit, lost
 * credentials, a network failure past its retries) is thrown, and the run stops resumably.
 */
export class RosterSender {
  /** Requests sent (or, in a dry run, that would be), by operation. */
  readonly requests = new Map<OperationId, number>();

  constructor(
    private readonly client: ContactCenterClient,
    private readonly describe: DescribeAssignment,
    private readonly dryRun: boolean,
  ) {}

  /** Total requests sent (or planned). */
  get requestCount(): number {
    let n = 0;
    for (const count of this.requests.values()) n += count;
    return n;
  }

  /** Sends `changes` and says what became of each, in their order. */
  async send(changes: readonly AgentChange[]): Promise<AgentOutcome[]> {
    const outcomes = changes.map((): AgentOutcome => ({ created: undefined, assigned: [], unassigned: [], failed: [] }));
    const byEmail = new Map(changes.map((c, i) => [c.email, i]));
    const outcomeOf = (email: string) => outcomes[byEmail.get(email)!]!;

    await this.createUsers(changes.filter((c) => c.create !== undefined), outcomeOf);
    // An agent whose user could not be made gets none of its assignments: they would fail one by one.
    const ready = changes.filter((c) => c.create === undefined || outcomeOf(c.email).created !== undefined);

    const work: Promise<void>[] = [];
    const profiles = ready.filter((c) => c.profile !== undefined);
    for (const part of chunks(profiles, batchLimit('BatchUpdateUsers'))) {
      work.push(
        this.attempt(
          'BatchUpdateUsers',
          part.map((c) => c.email),
          outcomeOf,
          'profile',
          () => this.client.batchUpdateUsers(part.map((c) => ({ user_id: c.email, ...c.profile }))),
          () => {
            for (const c of part) outcomeOf(c.email).assigned.push(...Object.entries(c.profile!).map(([field, value]) => `profile:${field}=${String(value)}`));
          },
        ),
      );
    }
    const grouped = (kind: 'queue' | 'team' | 'role' | 'region', list: 'add' | 'remove') => {
      const groups = new Map<string, string[]>();
      for (const c of ready) {
        for (const a of c[list]) {
          if (a.kind !== kind) continue;
          const emails = groups.get(a.id) ?? [];
          emails.push(c.email);
          groups.set(a.id, emails);
        }
      }
      return groups;
    };
    for (const [kind, op, assign] of [
      ['queue', 'assignQueueAgents', (id: string, emails: string[]) => this.client.assignQueueAgents(id, emails)],
      ['team', 'assignTeamAgents', (id: string, emails: string[]) => this.client.assignTeamAgents(id, emails)],
      ['role', 'assignRoleUsers', (id: string, emails: string[]) => this.client.assignRoleUsers(id, emails)],
      ['region', 'AssignUsersToARegion', (id: string, emails: string[]) => this.client.assignRegionUsers(id, emails)],
    ] as const) {
      for (const [id, emails] of grouped(kind, 'add')) {
        const text = this.describe({ kind, id });
        for (const part of chunks(emails, batchLimit(op))) {
          work.push(
            // The answer lists the agents it assigned; one left out was assigned already, which is as good.
            this.attempt(op, part, outcomeOf, text, () => assign(id, part), () => {
              for (const email of part) outcomeOf(email).assigned.push(text);
            }),
          );
        }
      }
    }
    for (const c of ready) {
      const skills = c.add.filter((a) => a.kind === 'skill');
      const replaced = c.remove.filter((r) => r.kind === 'skill' && skills.some((s) => s.id === r.id));
      if (skills.length > 0 || replaced.length > 0) work.push(this.setSkills(c.email, skills, replaced, outcomeOf(c.email)));
    }
    await settled(work);

    const removals: Promise<void>[] = [];
    for (const [id, emails] of grouped('queue', 'remove')) {
      const text = this.describe({ kind: 'queue', id });
      for (const email of emails) {
        removals.push(
          this.attempt(
            'deleteQueueAgent',
            [email],
            outcomeOf,
            `unassign ${text}`,
            () => this.already(() => this.client.unassignQueueAgent(id, email), ALREADY.notInQueue),
            () => outcomeOf(email).unassigned.push(text),
          ),
        );
      }
    }
    for (const [id, emails] of grouped('team', 'remove')) {
      const text = this.describe({ kind: 'team', id });
      for (const part of chunks(emails, batchLimit('assignTeamAgents'))) {
        removals.push(
          this.attempt('unassignTeamAgents', part, outcomeOf, `unassign ${text}`, () => this.client.unassignTeamAgents(id, part), () => {
            for (const email of part) outcomeOf(email).unassigned.push(text);
          }),
        );
      }
    }
    for (const c of ready) {
      for (const skill of c.remove) {
        if (skill.kind !== 'skill' || c.add.some((a) => a.kind === 'skill' && a.id === skill.id)) continue;
        const text = this.describe(skill);
        removals.push(
          this.attempt(
            'deleteASkill',
            [c.email],
            outcomeOf,
            `unassign ${text}`,
            () => this.already(() => this.client.unassignUserSkill(c.email, skill.id), ALREADY.noSkill),
            () => outcomeOf(c.email).unassigned.push(text),
          ),
        );
      }
    }
    await settled(removals);
    return outcomes;
  }

  /**
   * Creates the users, 20 a request. Zoom's create is all or nothing and names the user that
   * failed it: that one is taken out (1007: it is a Contact Center user already, which is
   * done; another refusal: its row fails) and the rest sent again. A refusal that names nobody
   * fails the request's users.
   */
  private async createUsers(changes: readonly AgentChange[], outcomeOf: (email: string) => AgentOutcome): Promise<void> {
    const parts = chunks(changes, batchLimit('BatchCreateUsers'));
    await settled(
      parts.map(async (part) => {
        let left = [...part];
        while (left.length > 0) {
          const emails = left.map((c) => c.email);
          try {
            this.count('BatchCreateUsers');
            if (this.dryRun) {
              for (const email of emails) outcomeOf(email).created = 'created';
              return;
            }
            const answer = await this.client.batchCreateUsers(left.map((c) => createBody(c.email, c.create!.roleId, c.create!.profile)));
            const ids = new Map((answer.users ?? []).map((u) => [(u.user_email ?? '').toLowerCase(), u.cc_user_id]));
            for (const email of emails) {
              const outcome = outcomeOf(email);
              outcome.created = 'created';
              outcome.ccUserId = ids.get(email);
            }
            return;
          } catch (error) {
            if (!(error instanceof ZoomApiError) || dispositionOf(error) !== 'reject-batch') throw error;
            const named = addressIn(error.zoomMessage, emails);
            if (named === undefined) {
              for (const email of emails) outcomeOf(email).failed.push(`create: ${refusal(error)}`);
              return;
            }
            if (error.zoomCode === ALREADY.created) outcomeOf(named).created = 'exists';
            else outcomeOf(named).failed.push(`create: ${refusal(error)}`);
            left = left.filter((c) => c.email !== named);
          }
        }
      }),
    );
  }

  /**
   * A user's skills, 20 a request; a skill at another level is removed first. 1405 names a skill
   * the user has already: it is done, and the rest are sent again.
   */
  private async setSkills(email: string, add: readonly Assignment[], replaced: readonly Assignment[], outcome: AgentOutcome): Promise<void> {
    for (const old of replaced) {
      const text = this.describe(old);
      await this.attempt(
        'deleteASkill',
        [email],
        () => outcome,
        `unassign ${text}`,
        () => this.already(() => this.client.unassignUserSkill(email, old.id), ALREADY.noSkill),
        () => outcome.unassigned.push(text),
      );
    }
    for (const part of chunks(add, batchLimit('assignSkills'))) {
      let left = [...part];
      while (left.length > 0) {
        try {
          this.count('assignSkills');
          if (!this.dryRun) await this.client.assignUserSkills(email, left.map((s) => ({ skill_id: s.id, max_proficiency_level: s.level ?? 1 })));
          outcome.assigned.push(...left.map((s) => this.describe(s)));
          left = [];
        } catch (error) {
          if (!(error instanceof ZoomApiError) || dispositionOf(error) !== 'reject-batch') throw error;
          const named = error.zoomCode === ALREADY.skill ? left.find((s) => (error.zoomMessage ?? '').includes(s.id)) : undefined;
          if (named === undefined) {
            outcome.failed.push(...left.map((s) => `${this.describe(s)}: ${refusal(error)}`));
            left = [];
          } else {
            outcome.assigned.push(this.describe(named));
            left = left.filter((s) => s !== named);
          }
        }
      }
    }
  }

  /**
   * One request of `op` for `emails`: `call` sends it (not in a dry run), `record` records what it
   * did; a refusal of its items fails `what` for each of them instead.
   */
  private async attempt(
    op: OperationId,
    emails: readonly string[],
    outcomeOf: (email: string) => AgentOutcome,
    what: string,
    call: () => Promise<unknown>,
    record: () => void,
  ): Promise<void> {
    this.count(op);
    try {
      if (!this.dryRun) await call();
      record();
    } catch (error) {
      if (dispositionOf(error) !== 'reject-batch') throw error;
      for (const email of emails) outcomeOf(email).failed.push(`${what}: ${refusal(error)}`);
    }
  }

  /** Runs `call`, taking Zoom's `code` (what was to be removed is not there) as done. */
  private async already(call: () => Promise<void>, code: number): Promise<void> {
    try {
      await call();
    } catch (error) {
      if (error instanceof ZoomApiError && error.zoomCode === code) return;
      throw error;
    }
  }

  private count(op: OperationId): void {
    this.requests.set(op, (this.requests.get(op) ?? 0) + 1);
  }
}

/**
 * Waits for every request of a step to end, then throws the first failure: a run that stops
 * (a daily limit, lost credentials) has no request of its own still writing when it says so,
 * and its resume reads an account nothing else of it changes.
 */
async function settled(requests: readonly Promise<unknown>[]): Promise<void> {
  const outcomes = await Promise.allSettled(requests);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

/** A create request's item: the address, its role and profile fields. */
function createBody(email: string, roleId: string | undefined, profile: RosterProfile) {
  return { user_email: email, ...(roleId === undefined ? {} : { role_id: roleId }), ...profile };
}

/** Zoom's refusal in words: its code and message. */
function refusal(error: unknown): string {
  if (error instanceof ZoomApiError) return `${error.zoomMessage ?? error.message}${error.zoomCode === undefined ? '' : ` (${error.zoomCode})`}`;
  return (error as Error).message;
}
