// The three import jobs the quota measurement runs, with the write each sends and its quota.
import { RATE_PLANS } from '../../dist/zoom/rate-plans.js';
import { contactRow, phoneE164 } from './data.mjs';

const business = RATE_PLANS.business;

/** Per job: rate label, its business limit, batch size, the write's path and a body for rows [from, to). */
export const JOBS = {
  'address-book': {
    writeOperation: 'batchCreateContact',
    label: 'MEDIUM',
    limit: business.MEDIUM,
    batch: 10,
    path: (data) => `/contact_center/address_books/${data.addressBookId}/contacts/batch`,
    body: (from, to) => ({
      contacts: range(from, to).map((i) => {
        const [first, last, , , email] = contactRow(i);
        return { display_name: `${first} ${last}`, first_name: first, last_name: last, phones: [{ phone_number: phoneE164(2 * i), phone_type: 'main' }], emails: [email] };
      }),
    }),
  },
  campaign: {
    writeOperation: 'Insertabatchofcontactstoacampaigncontactlist',
    label: 'MEDIUM',
    limit: business.MEDIUM,
    batch: 100,
    path: (data) => `/contact_center/outbound_campaign/contact_lists/${data.campaignListId}/contacts/batch`,
    body: (from, to) => ({
      contacts: range(from, to).map((i) => {
        const [first, last, , , email] = contactRow(i);
        return { contact_display_name: `${first} ${last}`, contact_first_name: first, contact_last_name: last, contact_phones: [{ contact_phone_number: phoneE164(2 * i), contact_phone_type: 'Main' }], contact_emails: [email] };
      }),
    }),
  },
  dnc: {
    writeOperation: 'batchCreateCampaignDncListPhones',
    label: 'LIGHT',
    limit: business.LIGHT,
    batch: 100,
    path: (data) => `/contact_center/outbound_campaign/dnc_lists/${data.dncListId}/phones`,
    body: (from, to) => ({ phone_numbers: range(from, to).map((i) => phoneE164(5_000_000 + i)) }),
  },
};

const range = (from, to) => Array.from({ length: to - from }, (_, k) => from + k);
