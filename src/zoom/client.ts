import { ZoomApiError } from './api-error.js';
import type { ZoomConfig } from './config.js';
import { operationTable, type OperationId } from './generated/operations.js';
import { ZoomHttp, type CallInput, type CallOptions, type ClientEvent, type ClientStats, type ClientWatcher } from './http.js';
import type { ItemOf, QueryParams, RequestBody, SuccessBody } from './operation-types.js';
import { paginate, type PageOptions } from './paginate.js';
import { RateLimiter, type RequestLimiter } from './rate-limiter.js';
import type { Redis } from 'ioredis';
import { SharedRateLimiter } from './redis-rate-limiter.js';
import { RedisTokenStore } from './redis-token-store.js';
import { DEFAULT_RATE_PLAN, planLimits, type RateLabel, type RatePlanLimits, type RatePlanName } from './rate-plans.js';
import { sharedLimits } from './quota-share.js';
import { missingScopes, scopesMissingError } from './scopes.js';
import { TokenProvider } from './token-provider.js';
import { fetchFromEnv, type Fetch } from './proxy-fetch.js';

/** Options of a Contact Center client. */
export interface ContactCenterClientOptions {
  /** Plan whose per-label limits pace requests. Default `business`. */
  readonly plan?: RatePlanName;
  /** Per-label requests per second overriding the plan's (`--rate LIGHT=80`). */
  readonly limits?: Partial<RatePlanLimits>;
  /**
   * Labels whose limit is unknown and found by probing (`--rate auto`): from the plan's (or
   * `limits`') rate upwards until the first per-second 429, then held 5 % below the limit the
   * probe's requests show. Costs a few 429s of the account's quota. Not with `redisUrl`. Default
   * none.
   */
  readonly probe?: readonly RateLabel[];
  /** Share of the starting rate each probing step adds. Default 0.1. */
  readonly probeStep?: number;
  /** The fetch the API and OAuth requests go through. Default by the proxy variables (see proxy-fetch.ts). */
  readonly fetch?: Fetch;
  /** Most requests of one label in flight at once. Default 16. */
  readonly maxInFlight?: number;
  /**
   * Share of each label's rate this client uses, above 0 and at most 1, leaving the rest to the
   * account's other apps; with `redisUrl`, the share of the account's rate all workers use
   * together. Default 1.
   */
  readonly quotaShare?: number;
  /** Retries after 5xx or network errors. Default 5. */
  readonly maxRetries?: number;
  /** Per-attempt timeout, ms. Default 30 000. */
  readonly timeoutMs?: number;
  /** Backoff base after 5xx and network errors, ms. Default 500. */
  readonly backoffBaseMs?: number;
  /** Called for retries, 429s and token re-fetches. */
  readonly onEvent?: (event: ClientEvent) => void;
  /**
   * `redis://…`: share the account's rate limits, the slow-down after 429s and the OAuth token
   * with every other ccbulk process that uses the same Redis. Default none: this process alone.
   */
  readonly redisUrl?: string;
  /** With `redisUrl`: where to say that Redis was lost or is back. Default stderr. */
  readonly notice?: (message: string) => void;
}

type Body<Id extends OperationId> = NonNullable<SuccessBody<Id>>;

/** An address book contact as the batch create endpoint takes it. */
export type AddressBookContactInput = ItemOf<RequestBody<'batchCreateContact'>, 'contacts'>;
/** An address book contact as the single create endpoint takes it. */
export type AddressBookContactSingleInput = RequestBody<'createContact'>;
/** Answer of a single create: the contact as stored, with its id. */
export type CreatedAddressBookContact = Body<'createContact'>;
/** An address book contact as the batch update endpoint takes it. */
export type AddressBookContactUpdate = ItemOf<RequestBody<'batchUpdateContact'>, 'contacts'>;
/** An address book contact as the list endpoint returns it. */
export type AddressBookContact = ItemOf<Body<'listContacts'>, 'contacts'>;
/** Answer of a batch create: the created contacts and those Zoom refused, with reasons. */
export type BatchCreateContactsResult = Body<'batchCreateContact'>;
/** Answer of a batch update: the updated contacts and those Zoom refused, with reasons. */
export type BatchUpdateContactsResult = Body<'batchUpdateContact'>;
/** A campaign contact as the batch insert endpoint takes it. */
export type CampaignContactInput = ItemOf<RequestBody<'Insertabatchofcontactstoacampaigncontactlist'>, 'contacts'>;
/** A campaign contact as the batch update endpoint takes it. */
export type CampaignContactUpdate = ItemOf<RequestBody<'Updateabatchofcontactsonacampaigncontactlist'>, 'contacts'>;
/** A campaign contact as the list endpoint returns it. */
export type CampaignContact = ItemOf<Body<'listCampaignContactListContacts'>, 'contacts'>;
/** A number on a DNC list. */
export type DncPhone = ItemOf<Body<'listCampaignDncListPhones'>, 'dnc_list_phones'>;
/** A Contact Center user, as the user listing gives it. */
export type CcUser = ItemOf<Body<'users'>, 'users'>;
/** One user of a batch create. */
export type CcUserInput = ItemOf<RequestBody<'BatchCreateUsers'>, 'users'>;
/** One user of a batch update. */
export type CcUserUpdate = ItemOf<RequestBody<'BatchUpdateUsers'>, 'users'>;

/** A POST whose repeat does no harm (the roster's assignments), retried after an unknown outcome like any other request. */
const SAFE_TO_REPEAT: CallOptions = { retryUnknownOutcome: true };

/** The most items one request of a batch operation takes, from the spec. */
export function batchLimit(id: OperationId): number {
  const op = operationTable[id] as { maxBatch?: number };
  if (op.maxBatch === undefined) throw new Error(`${id} is not a batch operation`);
  return op.maxBatch;
}

/** The largest page_size of a list operation, from the spec (undefined where it states none). */
export function maxPageSize(id: OperationId): number | undefined {
  return (operationTable[id] as { maxPageSize?: number }).maxPageSize;
}

/**
 * A typed client for the Contact Center endpoints ccbulk uses. Every request is paced by the
 * account's per-label limiters, authenticated with one shared token, and retried where that is
 * safe (see `ZoomHttp`). List methods are async iterables over all pages.
 */
export class ContactCenterClient {
  /** The client's traffic counters. */
  readonly stats: ClientStats;
  /** The per-label limiters (shared by every call of this client). */
  readonly limiter: RequestLimiter;
  /** The plan limits the limiter was configured with. */
  readonly limits: RatePlanLimits;
  /**
   * How long a request that timed out may still be applied by the server, ms: twice the
   * timeout, at least 5 s. Look-ups that settle such a request wait this long first.
   */
  readonly lateArrivalMs: number;
  /** The account and API host the client talks to: what names a target across runs (its locks). Never a secret. */
  readonly account: { readonly id: string; readonly apiUrl: string };
  /** The Redis the client shares limits and its token through (`--redis`), if any: runs on other hosts lock targets there. */
  readonly redisUrl: string | undefined;
  private readonly http: ZoomHttp;
  private readonly tokens: TokenProvider;

  constructor(
    private readonly config: ZoomConfig,
    private readonly options: ContactCenterClientOptions = {},
  ) {
    this.account = { id: config.accountId, apiUrl: config.apiUrl };
    this.redisUrl = options.redisUrl;
    this.limits = sharedLimits(planLimits(options.plan ?? DEFAULT_RATE_PLAN, options.limits), options.quotaShare ?? 1);
    this.lateArrivalMs = Math.max(5000, 2 * (options.timeoutMs ?? 30_000));
    const fetch = options.fetch ?? fetchFromEnv();
    if (options.redisUrl === undefined) {
      this.tokens = new TokenProvider(config, { backoffBaseMs: options.backoffBaseMs, fetch });
      this.limiter = new RateLimiter({
        limits: this.limits,
        maxInFlight: options.maxInFlight,
        probe: options.probe,
        probeStep: options.probeStep,
        learnedShare: options.quotaShare ?? 1,
      });
    } else {
      let redis: Redis | undefined;
      this.limiter = new SharedRateLimiter({
        limits: this.limits,
        maxInFlight: options.maxInFlight,
        redisUrl: options.redisUrl,
        accountId: config.accountId,
        notice: options.notice,
        onConnection: (connection) => (redis = connection),
      });
      const shared = new RedisTokenStore(() => redis, config);
      this.tokens = new TokenProvider(config, { backoffBaseMs: options.backoffBaseMs, shared, fetch });
    }
    this.http = new ZoomHttp({
      apiUrl: config.apiUrl,
      tokens: this.tokens,
      limiter: this.limiter,
      maxRetries: options.maxRetries,
      timeoutMs: options.timeoutMs,
      backoffBaseMs: options.backoffBaseMs,
      onEvent: options.onEvent,
      fetch,
    });
    this.stats = this.http.stats;
  }

  /** How many OAuth token requests this client has made. */
  get tokenFetches(): number {
    return this.tokens.fetches;
  }

  /**
   * Fetches the token (if there is none yet) and checks that its scopes grant every one of
   * `operations`; throws one `SCOPES_MISSING` error naming each missing scope, the operation that
   * needs it and where to add it. Sends no API request. Skipped when the token response carried no
   * `scope`. `what` names the run in the message (`ccbulk import dnc --mode add`).
   */
  async requireScopes(operations: Iterable<OperationId>, what: string): Promise<void> {
    // With --redis the token is the account's, shared through the limiter's connection: wait for
    // it, or this process would fetch a token of its own (every worker one).
    await this.limiter.ready?.();
    const granted = await this.tokens.grantedScopes();
    if (granted === undefined) return;
    const missing = missingScopes(operations, granted);
    if (missing.length > 0) throw scopesMissingError(missing, what);
  }

  /** Watches this client's events and answers until the returned function is called. */
  watch(watcher: ClientWatcher): () => void {
    return this.http.watch(watcher);
  }

  /** The limiter's current rate for a label (lower than configured after 429s). */
  currentRate(label: RateLabel): number {
    return this.limiter.state(label).current;
  }

  /**
   * A client for the same account with only `share` of each label's rate (`--quota-share`): a
   * resumed run keeps the share it started with, whichever door resumes it. This client when the
   * share is its own; the caller closes a new one.
   */
  withQuotaShare(share: number | undefined): ContactCenterClient {
    if ((share ?? 1) === (this.options.quotaShare ?? 1)) return this;
    return new ContactCenterClient(this.config, { ...this.options, quotaShare: share });
  }

  /** Stops the limiters; waiting requests are dropped. */
  async close(): Promise<void> {
    await this.limiter.stop();
  }

  // ---- Address book units ----

  /** Creates an address book unit. */
  createUnit(body: RequestBody<'createUnit'>): Promise<Body<'createUnit'>> {
    return this.call('createUnit', { body });
  }

  /** Gets a unit by id. */
  getUnit(unitId: string): Promise<Body<'getUnit'>> {
    return this.call('getUnit', { path: { unitId } });
  }

  /** Every address book unit. */
  listUnits(): AsyncGenerator<ItemOf<Body<'listUnits'>, 'units'>> {
    return this.pages('listUnits', {}, (query) => this.call('listUnits', { query }), (p) => p.units);
  }

  // ---- Address books ----

  /** Creates an address book. */
  createAddressBook(body: RequestBody<'createAddressBook'>): Promise<Body<'createAddressBook'>> {
    return this.call('createAddressBook', { body });
  }

  /** Gets an address book by id, or by name with `{ byName: true }`. */
  getAddressBook(idOrName: string, options: { byName?: boolean } = {}): Promise<Body<'getAddressBook'>> {
    return this.call('getAddressBook', {
      path: { addressBookId: idOrName },
      query: options.byName ? { address_book_identifier_type: 'name' } : {},
    });
  }

  /** Every address book of a unit. */
  listAddressBooks(unitId: string): AsyncGenerator<ItemOf<Body<'listAddressBooks'>, 'address_books'>> {
    return this.pages('listAddressBooks', { unit_id: unitId }, (query) => this.call('listAddressBooks', { query }), (p) => p.address_books);
  }

  // ---- Address book contacts ----

  /**
   * Every contact of an address book, or those matching any of up to 10 phone numbers or 10
   * e-mails (exact matches, the endpoint's own limits).
   */
  listAddressBookContacts(
    addressBookId: string,
    filter: { phoneNumbers?: readonly string[]; emails?: readonly string[] } = {},
    paging: PageOptions = {},
  ): AsyncGenerator<AddressBookContact> {
    const query: QueryParams<'listContacts'> = {};
    if (filter.phoneNumbers?.length) query.phone_numbers = [...filter.phoneNumbers];
    if (filter.emails?.length) query.emails = [...filter.emails];
    return this.pages('listContacts', query, (q) => this.call('listContacts', { path: { addressBookId }, query: q }), (p) => p.contacts, paging);
  }

  /** Gets one address book contact. */
  getAddressBookContact(addressBookId: string, contactId: string): Promise<Body<'getContact'>> {
    return this.call('getContact', { path: { addressBookId, contactId } });
  }

  /**
   * Creates up to 10 contacts. Zoom answers a partly invalid batch with 200 and the refused
   * contacts in `invalid_contacts`, and an entirely invalid one with 400 and the same shape; both
   * come back here as a result, not an error, so every contact can be accounted for.
   */
  async batchCreateAddressBookContacts(
    addressBookId: string,
    contacts: readonly AddressBookContactInput[],
    options: CallOptions = {},
  ): Promise<BatchCreateContactsResult> {
    this.checkBatch('batchCreateContact', contacts.length);
    return this.partialFailure(() =>
      this.call('batchCreateContact', { path: { addressBookId }, body: { contacts: [...contacts] } }, options),
    );
  }

  /**
   * Creates one contact with the single create endpoint, which Zoom paces by another label
   * (LIGHT) than the batch create (MEDIUM): a second lane for creates. A refusal is a
   * `ZoomApiError` (4xx), the contact's reason.
   */
  createAddressBookContact(
    addressBookId: string,
    contact: AddressBookContactSingleInput,
    options: CallOptions = {},
  ): Promise<CreatedAddressBookContact> {
    return this.call('createContact', { path: { addressBookId }, body: contact }, options);
  }

  /** Updates up to 50 contacts; refused ones come back in `invalid_contacts` (also on a 400). */
  async batchUpdateAddressBookContacts(
    addressBookId: string,
    contacts: readonly AddressBookContactUpdate[],
  ): Promise<BatchUpdateContactsResult> {
    this.checkBatch('batchUpdateContact', contacts.length);
    return this.partialFailure(() => this.call('batchUpdateContact', { path: { addressBookId }, body: { contacts: [...contacts] } }));
  }

  /** Deletes up to 50 contacts by id. */
  async batchDeleteAddressBookContacts(addressBookId: string, contactIds: readonly string[]): Promise<void> {
    this.checkBatch('batchDeletecontact', contactIds.length);
    await this.call('batchDeletecontact', { path: { addressBookId }, body: { contact_ids: [...contactIds] } });
  }

  // ---- Address book custom fields ----

  /** Every address book custom field definition. */
  listAddressBookCustomFields(): AsyncGenerator<ItemOf<Body<'Listaddressbookcustomfields'>, 'custom_fields'>> {
    return this.pages('Listaddressbookcustomfields', {}, (query) => this.call('Listaddressbookcustomfields', { query }), (p) => p.custom_fields);
  }

  /** Creates an address book custom field. */
  createAddressBookCustomField(body: RequestBody<'Createacustomfield'>): Promise<Body<'Createacustomfield'>> {
    return this.call('Createacustomfield', { body });
  }

  /** Every custom field value of one address book contact. */
  listAddressBookContactCustomFields(contactId: string): AsyncGenerator<ItemOf<Body<'ListContactCustomFields'>, 'custom_fields'>> {
    return this.pages(
      'ListContactCustomFields',
      {},
      (query) => this.call('ListContactCustomFields', { path: { contactId }, query }),
      (p) => p.custom_fields,
    );
  }

  // ---- Campaign contact lists ----

  /** Creates a campaign contact list (type `do_not_contact` makes a DNC list). */
  createCampaignContactList(body: RequestBody<'createCampaignContactList'>): Promise<Body<'createCampaignContactList'>> {
    return this.call('createCampaignContactList', { body });
  }

  /** Gets a campaign contact list by id, or by name with `{ byName: true }`. */
  getCampaignContactList(idOrName: string, options: { byName?: boolean } = {}): Promise<Body<'getCampaignContactList'>> {
    return this.call('getCampaignContactList', {
      path: { contactListId: idOrName },
      query: options.byName ? { contact_list_identifier_type: 'name' } : {},
    });
  }

  /** Every campaign contact list of a type (Zoom's default: `contact`). */
  listCampaignContactLists(
    type?: QueryParams<'listCampaignContactLists'>['contact_list_type'],
  ): AsyncGenerator<ItemOf<Body<'listCampaignContactLists'>, 'contact_lists'>> {
    const query: QueryParams<'listCampaignContactLists'> = type === undefined ? {} : { contact_list_type: type };
    return this.pages('listCampaignContactLists', query, (q) => this.call('listCampaignContactLists', { query: q }), (p) => p.contact_lists);
  }

  /** Every contact of a campaign contact list. */
  listCampaignContacts(contactListId: string, paging: PageOptions = {}): AsyncGenerator<CampaignContact> {
    return this.pages(
      'listCampaignContactListContacts',
      {},
      (query) => this.call('listCampaignContactListContacts', { path: { contactListId }, query }),
      (p) => p.contacts,
      paging,
    );
  }

  /** Gets one campaign contact. */
  getCampaignContact(contactListId: string, contactId: string): Promise<Body<'getCampaignContactListContact'>> {
    return this.call('getCampaignContactListContact', { path: { contactListId, contactId } });
  }

  /** Inserts up to 100 contacts; refused ones come back in `failed_contacts` by `contact_index`. */
  batchInsertCampaignContacts(
    contactListId: string,
    contacts: readonly CampaignContactInput[],
    options: CallOptions = {},
  ): Promise<Body<'Insertabatchofcontactstoacampaigncontactlist'>> {
    this.checkBatch('Insertabatchofcontactstoacampaigncontactlist', contacts.length);
    return this.call(
      'Insertabatchofcontactstoacampaigncontactlist',
      { path: { contactListId }, body: { contacts: [...contacts] } },
      options,
    ).then((body) => body ?? {});
  }

  /** Updates up to 100 contacts; refused ones come back in `failed_contacts` by `contact_id`. */
  batchUpdateCampaignContacts(
    contactListId: string,
    contacts: readonly CampaignContactUpdate[],
  ): Promise<Body<'Updateabatchofcontactsonacampaigncontactlist'>> {
    this.checkBatch('Updateabatchofcontactsonacampaigncontactlist', contacts.length);
    return this.call('Updateabatchofcontactsonacampaigncontactlist', {
      path: { contactListId },
      body: { contacts: [...contacts] },
    }).then((body) => body ?? {});
  }

  /**
   * Deletes one campaign contact (the list has no batch delete; the endpoint is LIGHT, so it is
   * paced apart from the MEDIUM batch writes).
   */
  async deleteCampaignContact(contactListId: string, contactId: string): Promise<void> {
    await this.call('deleteCampaigncontactListContact', { path: { contactListId, contactId } });
  }

  /** Every campaign contact custom field definition. */
  listCampaignCustomFields(): AsyncGenerator<ItemOf<Body<'listCampaignCustomFields'>, 'custom_fields'>> {
    return this.pages('listCampaignCustomFields', {}, (query) => this.call('listCampaignCustomFields', { query }), (p) => p.custom_fields);
  }

  /** Creates a campaign contact custom field. */
  createCampaignCustomField(body: RequestBody<'createACampaignContactCustomField'>): Promise<Body<'createACampaignContactCustomField'>> {
    return this.call('createACampaignContactCustomField', { body });
  }

  /** Every custom field value of one campaign contact. */
  listCampaignContactCustomFields(contactId: string): AsyncGenerator<ItemOf<Body<'listCampaignContactCustomFields'>, 'custom_fields'>> {
    return this.pages(
      'listCampaignContactCustomFields',
      {},
      (query) => this.call('listCampaignContactCustomFields', { path: { contactId }, query }),
      (p) => p.custom_fields,
    );
  }

  // ---- Campaign DNC lists ----

  /** Every number on a DNC list. */
  listDncPhones(dncListId: string, paging: PageOptions = {}): AsyncGenerator<DncPhone> {
    return this.pages(
      'listCampaignDncListPhones',
      {},
      (query) => this.call('listCampaignDncListPhones', { path: { dncListId }, query }),
      (p) => p.dnc_list_phones,
      paging,
    );
  }

  /** Adds up to 100 unique E.164 numbers to a DNC list. */
  async batchAddDncPhones(dncListId: string, phoneNumbers: readonly string[], options: CallOptions = {}): Promise<void> {
    this.checkBatch('batchCreateCampaignDncListPhones', phoneNumbers.length);
    await this.call('batchCreateCampaignDncListPhones', { path: { dncListId }, body: { phone_numbers: [...phoneNumbers] } }, options);
  }

  /** Removes up to 100 numbers from a DNC list by their `phone_id`s. */
  async batchDeleteDncPhones(dncListId: string, phoneIds: readonly string[]): Promise<void> {
    this.checkBatch('batchDeleteCampaignDncListPhone', phoneIds.length);
    await this.call('batchDeleteCampaignDncListPhone', { path: { dncListId }, body: { phone_ids: [...phoneIds] } });
  }

  // ---- The roster: Contact Center users, queues, teams, roles, skills ----

  /** Every Contact Center user. */
  listCcUsers(): AsyncGenerator<CcUser> {
    return this.pages('users', {}, (query) => this.call('users', { query }), (p) => p.users);
  }

  /** Every queue. */
  listQueues(): AsyncGenerator<ItemOf<Body<'listQueues'>, 'queues'>> {
    return this.pages('listQueues', {}, (query) => this.call('listQueues', { query }), (p) => p.queues);
  }

  /** Every team (the root team among them). */
  listTeams(): AsyncGenerator<ItemOf<Body<'listTeams'>, 'teams'>> {
    return this.pages('listTeams', {}, (query) => this.call('listTeams', { query }), (p) => p.teams);
  }

  /** Every role. */
  listRoles(): AsyncGenerator<ItemOf<Body<'listRoles'>, 'roles'>> {
    return this.pages('listRoles', {}, (query) => this.call('listRoles', { query }), (p) => p.roles);
  }

  /** Every skill, with its category. */
  listSkills(): AsyncGenerator<ItemOf<Body<'listSkills'>, 'skills'>> {
    return this.pages('listSkills', {}, (query) => this.call('listSkills', { query }), (p) => p.skills);
  }

  /** Every region. */
  listRegions(): AsyncGenerator<ItemOf<Body<'ListRegions'>, 'regions'>> {
    return this.pages('ListRegions', {}, (query) => this.call('ListRegions', { query }), (p) => p.regions);
  }

  /** Creates a region. */
  createRegion(body: RequestBody<'CreateARegion'>): Promise<Body<'CreateARegion'>> {
    return this.call('CreateARegion', { body });
  }

  /** Moves up to 20 users to a region (each user is in one). Safe to send again: they are there then. */
  async assignRegionUsers(regionId: string, userIds: readonly string[]): Promise<void> {
    this.checkBatch('AssignUsersToARegion', userIds.length);
    await this.call('AssignUsersToARegion', { path: { regionId }, body: { user_ids: [...userIds] } }, SAFE_TO_REPEAT);
  }

  /** The agents of a queue. */
  listQueueAgents(queueId: string): AsyncGenerator<ItemOf<Body<'getQueueAgents'>, 'agents'>> {
    return this.pages('getQueueAgents', {}, (query) => this.call('getQueueAgents', { path: { queueId }, query }), (p) => p.agents);
  }

  /** The agents of a team. */
  listTeamAgents(teamId: string): AsyncGenerator<ItemOf<Body<'listTeamAgents'>, 'agents'>> {
    return this.pages('listTeamAgents', {}, (query) => this.call('listTeamAgents', { path: { teamId }, query }), (p) => p.agents);
  }

  /** The skills of a user, with their proficiency. */
  listUserSkills(userId: string): AsyncGenerator<ItemOf<Body<'ListAUserSkills'>, 'skills'>> {
    return this.pages('ListAUserSkills', {}, (query) => this.call('ListAUserSkills', { path: { userId }, query }), (p) => p.skills);
  }

  /** Creates a queue. */
  createQueue(body: RequestBody<'queueCreate'>): Promise<Body<'queueCreate'>> {
    return this.call('queueCreate', { body });
  }

  /** Creates a team under `parent_team_id`. */
  createTeam(body: RequestBody<'CreateTeam'>): Promise<Body<'CreateTeam'>> {
    return this.call('CreateTeam', { body });
  }

  /** Creates a role. */
  createRole(body: RequestBody<'createRole'>): Promise<Body<'createRole'>> {
    return this.call('createRole', { body });
  }

  /** Creates a skill category. */
  createSkillCategory(body: RequestBody<'SkillCategoryCreate'>): Promise<Body<'SkillCategoryCreate'>> {
    return this.call('SkillCategoryCreate', { body });
  }

  /** Creates a skill in a category. */
  createSkill(body: RequestBody<'skillCreate'>): Promise<Body<'skillCreate'>> {
    return this.call('skillCreate', { body });
  }

  /**
   * Makes up to 20 Zoom users Contact Center users; all or nothing. Safe to send again after an
   * unknown outcome: a user made by the first answers 1007 the second time, naming it.
   */
  batchCreateUsers(users: readonly CcUserInput[]): Promise<Body<'BatchCreateUsers'>> {
    this.checkBatch('BatchCreateUsers', users.length);
    return this.call('BatchCreateUsers', { body: { users: [...users] } }, SAFE_TO_REPEAT).then((body) => body ?? {});
  }

  /** Updates up to 20 Contact Center users; all or nothing. */
  async batchUpdateUsers(users: readonly CcUserUpdate[]): Promise<void> {
    this.checkBatch('BatchUpdateUsers', users.length);
    await this.call('BatchUpdateUsers', { body: { users: [...users] } });
  }

  /** Removes up to 20 Contact Center users (their Zoom users stay). */
  async batchDeleteUsers(userIds: readonly string[]): Promise<void> {
    if (userIds.length < 1 || userIds.length > 20) throw new RangeError(`batchDeleteUsers takes 1 to 20 users, got ${userIds.length}`);
    await this.call('batchDeleteUsers', { query: { user_ids: [...userIds] } });
  }

  /**
   * Assigns up to 30 users to a queue as agents; the answer lists those it assigned. Safe to send
   * again: Zoom skips a user already assigned.
   */
  assignQueueAgents(queueId: string, userIds: readonly string[]): Promise<Body<'assignQueueAgents'>> {
    this.checkBatch('assignQueueAgents', userIds.length);
    return this.call('assignQueueAgents', { path: { queueId }, body: { user_ids: [...userIds] } }, SAFE_TO_REPEAT).then((body) => body ?? {});
  }

  /** Removes one agent from a queue (LIGHT: the endpoint takes one user). */
  async unassignQueueAgent(queueId: string, userId: string): Promise<void> {
    await this.call('deleteQueueAgent', { path: { queueId, userId } });
  }

  /** Assigns up to 100 users to a team as agents; the answer lists those it assigned. Safe to send again, as a queue's. */
  assignTeamAgents(teamId: string, userIds: readonly string[]): Promise<Body<'assignTeamAgents'>> {
    this.checkBatch('assignTeamAgents', userIds.length);
    return this.call('assignTeamAgents', { path: { teamId }, body: { user_ids: [...userIds] } }, SAFE_TO_REPEAT).then((body) => body ?? {});
  }

  /** Removes agents from a team; all or nothing. */
  async unassignTeamAgents(teamId: string, userIds: readonly string[]): Promise<void> {
    await this.call('unassignTeamAgents', { path: { teamId }, query: { user_ids: userIds.join(',') } });
  }

  /** Gives up to 30 users a role (each user has one: it replaces theirs). Safe to send again: the role is then theirs already. */
  assignRoleUsers(roleId: string, userIds: readonly string[]): Promise<Body<'assignRoleUsers'>> {
    this.checkBatch('assignRoleUsers', userIds.length);
    return this.call('assignRoleUsers', { path: { roleId }, body: { user_ids: [...userIds] } }, SAFE_TO_REPEAT).then((body) => body ?? {});
  }

  /**
   * Gives a user up to 20 skills with their proficiency; all or nothing (1405: one is already
   * theirs). Safe to send again: the second answers 1405, which the caller takes as done.
   */
  async assignUserSkills(userId: string, skills: readonly { readonly skill_id: string; readonly max_proficiency_level: number }[]): Promise<void> {
    this.checkBatch('assignSkills', skills.length);
    await this.call('assignSkills', { path: { userId }, body: { skills: skills.map((s) => ({ ...s })) } }, SAFE_TO_REPEAT);
  }

  /** Removes a skill from a user. */
  async unassignUserSkill(userId: string, skillId: string): Promise<void> {
    await this.call('deleteASkill', { path: { userId, skillId } });
  }

  // ---- any operation ----

  /**
   * Calls any operation of the spec by its operationId, with untyped path and query values: for
   * code driven by the spec itself (the export catalogue), where the caller checked them.
   */
  callOperation(id: OperationId, input: { path?: Record<string, string>; query?: Record<string, unknown> }): Promise<unknown> {
    return this.http.call(id, input as CallInput<OperationId>);
  }

  // ---- plumbing ----

  private call<Id extends OperationId>(id: Id, input: CallInput<Id>, options?: CallOptions): Promise<Body<Id>> {
    return this.http.call(id, input, options) as Promise<Body<Id>>;
  }

  /** Pages through a list operation at its largest page size. */
  private pages<Id extends OperationId, Q extends object, T>(
    id: Id,
    query: Q,
    fetch: (query: Q & { page_size?: number; next_page_token?: string }) => Promise<Body<Id>>,
    itemsOf: (page: Body<Id>) => readonly T[] | undefined,
    paging: PageOptions = {},
  ): AsyncGenerator<T> {
    const pageSize = maxPageSize(id);
    type PageOf = Body<Id> & { next_page_token?: string };
    return paginate<PageOf, T>(
      (token) =>
        fetch({
          ...query,
          ...(pageSize === undefined ? {} : { page_size: pageSize }),
          ...(token === undefined ? {} : { next_page_token: token }),
        }) as Promise<PageOf>,
      (page) => itemsOf(page as Body<Id>),
      paging,
    );
  }

  private checkBatch(id: OperationId, size: number): void {
    const limit = batchLimit(id);
    if (size < 1 || size > limit) throw new RangeError(`${id} takes 1 to ${limit} items, got ${size}`);
  }

  private async partialFailure<T extends { invalid_contacts?: unknown }>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const body = error instanceof ZoomApiError ? (error.body as T | undefined) : undefined;
      if (error instanceof ZoomApiError && error.status === 400 && Array.isArray(body?.invalid_contacts)) {
        return { contacts: [], ...body } as T;
      }
      throw error;
    }
  }
}
