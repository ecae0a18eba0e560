import { fileURLToPath } from 'node:url';
import { startEmulator, type RunningEmulator } from '../emulator/server.js';
import { ContactCenterClient } from '../zoom/client.js';

/** The demo's input: about 200 realistic contacts, some of them broken on purpose. */
export const DEMO_FILE = fileURLToPath(new URL('../../fixtures/contacts.csv', import.meta.url));

/** The demo's DNC requests: a few numbers, three of them also in the contacts, and some broken. */
export const DEMO_DNC_FILE = fileURLToPath(new URL('../../fixtures/dnc.csv', import.meta.url));

/** What the demo set up, for the import that follows. */
export interface DemoSetup {
  readonly emulator: RunningEmulator;
  readonly client: ContactCenterClient;
  readonly data: DemoData;
  /** Stops the client and the emulator. */
  close(): Promise<void>;
}

/** The names the demo data goes by, so commands can name them. */
export const DEMO_NAMES = { unit: 'Demo unit', addressBook: 'Demo contacts', campaignList: 'Demo campaign', dncList: 'Demo DNC' } as const;

/** What the demo data is, by id. */
export interface DemoData {
  readonly unitId: string;
  readonly addressBookId: string;
  readonly campaignListId: string;
  readonly dncListId: string;
}

/**
 * Creates the demo's unit, empty address book, empty campaign contact list and empty DNC list
 * through the API (on an emulator).
 */
export async function createDemoData(client: ContactCenterClient): Promise<DemoData> {
  const unit = await client.createUnit({ unit_name: DEMO_NAMES.unit });
  const book = await client.createAddressBook({ unit_id: unit.unit_id ?? '', address_book_name: DEMO_NAMES.addressBook });
  const campaign = await client.createCampaignContactList({ contact_list_name: DEMO_NAMES.campaignList, contact_list_type: 'contact' });
  const dnc = await client.createCampaignContactList({ contact_list_name: DEMO_NAMES.dncList, contact_list_type: 'do_not_contact' });
  await createDemoRoster(client);
  return {
    unitId: unit.unit_id ?? '',
    addressBookId: book.address_book_id ?? '',
    campaignListId: campaign.contact_list_id ?? '',
    dncListId: dnc.contact_list_id ?? '',
  };
}

/** What the demo's agents can be assigned to (fixtures/roster.csv names them). */
export const DEMO_ROSTER = {
  queues: ['Sales', 'Support', 'Billing'],
  teams: ['Tier 1', 'Tier 2'],
  roles: ['Team lead'],
  regions: ['EMEA', 'APAC'],
  skills: { Languages: ['Spanish', 'French'], Products: ['Billing', 'Returns'] },
} as const;

/**
 * Creates the demo's queues, teams (under the account's root team), role, regions and skills (two
 * proficiency categories, levels 1 to 5) through the API, for `ccbulk import roster`.
 */
export async function createDemoRoster(client: ContactCenterClient): Promise<void> {
  for (const queue_name of DEMO_ROSTER.queues) await client.createQueue({ queue_name, channel: 'voice' });
  let root: string | undefined;
  for await (const team of client.listTeams()) if (team.parent_team_id === undefined) root = team.team_id;
  for (const team_name of DEMO_ROSTER.teams) await client.createTeam({ team_name, parent_team_id: root ?? '' });
  for (const role_name of DEMO_ROSTER.roles) await client.createRole({ role_name });
  for (const region_name of DEMO_ROSTER.regions) await client.createRegion({ region_name });
  for (const [skill_category_name, skills] of Object.entries(DEMO_ROSTER.skills)) {
    const category = await client.createSkillCategory({ skill_category_name, skill_type: 'proficiency', max_proficiency_level: 5 });
    for (const skill_name of skills) await client.createSkill({ skill_name, skill_category_id: category.skill_category_id ?? '' });
  }
}

/** A client for an emulator, with the emulator's own credentials. */
export function clientForEmulator(emulator: RunningEmulator): ContactCenterClient {
  return new ContactCenterClient({
    accountId: emulator.credentials.accountId,
    clientId: emulator.credentials.clientId,
    clientSecret: emulator.credentials.clientSecret,
    apiUrl: emulator.apiUrl,
    oauthUrl: emulator.oauthUrl,
  });
}

/**
 * Sets the demo up: the built-in emulator on loopback, a client authenticated against it, a unit
 * and an empty address book to import into.
 */
export async function setUpDemo(): Promise<DemoSetup> {
  const emulator = await startEmulator();
  const client = clientForEmulator(emulator);
  const data = await createDemoData(client);
  return {
    emulator,
    client,
    data,
    close: async () => {
      await client.close();
      await emulator.close();
    },
  };
}
