import type { CanonicalField } from './canonical-fields.js';

/** The products whose contact exports map without a `--map`. */
export type ExportProduct = 'salesforce' | 'hubspot' | 'google' | 'outlook' | 'zoom';

/**
 * The headers of each product's documented contact export that feed a contact field, beyond
 * (and including) the common English words: Salesforce's field API names (a Data Loader or data
 * export of Contact or Lead, `Account.Name` from the account), HubSpot's contact export,
 * Google Contacts' CSV (both its current `- Label` and its older `- Type` form), Outlook's
 * CSV export, and the columns of Zoom's own address book import template. Matching ignores
 * case and punctuation, as for every header. Headers a product has that hold nothing Zoom keeps
 * (Salesforce's `Id`, Outlook's `Business Street`) are not listed, and are reported unmapped.
 *
 * Google's `Phone N - Value` columns are not here: each takes a free phone field with the kind
 * its `Phone N - Type` cell names, row by row (see column-mapping.ts).
 */
export const EXPORT_COLUMNS: Readonly<Record<ExportProduct, Readonly<Record<string, CanonicalField>>>> = {
  salesforce: {
    Name: 'display_name',
    FirstName: 'first_name',
    LastName: 'last_name',
    Phone: 'phone',
    MobilePhone: 'mobile',
    HomePhone: 'home_phone',
    OtherPhone: 'other_phone',
    Email: 'email',
    Title: 'role',
    Company: 'company',
    'Account.Name': 'company',
    'Account Name': 'company',
    MailingCity: 'location',
    MailingCountry: 'country',
    City: 'location',
    Country: 'country',
  },
  hubspot: {
    'First Name': 'first_name',
    'Last Name': 'last_name',
    Email: 'email',
    'Phone Number': 'phone',
    'Mobile Phone Number': 'mobile',
    'Company Name': 'company',
    'Job Title': 'role',
    City: 'location',
    'Country/Region': 'country',
  },
  google: {
    Name: 'display_name',
    'Given Name': 'first_name',
    'Family Name': 'last_name',
    'First Name': 'first_name',
    'Last Name': 'last_name',
    'E-mail 1 - Value': 'email',
    'E-mail 2 - Value': 'email_2',
    'E-mail 3 - Value': 'email_3',
    'E-mail 4 - Value': 'email_4',
    'Organization Name': 'company',
    'Organization Title': 'role',
    'Organization 1 - Name': 'company',
    'Organization 1 - Title': 'role',
    'Address 1 - City': 'location',
    'Address 1 - Country': 'country',
  },
  outlook: {
    'First Name': 'first_name',
    'Last Name': 'last_name',
    'E-mail Address': 'email',
    'E-mail 2 Address': 'email_2',
    'E-mail 3 Address': 'email_3',
    'Primary Phone': 'phone',
    'Mobile Phone': 'mobile',
    'Business Phone': 'work_phone',
    'Home Phone': 'home_phone',
    'Other Phone': 'other_phone',
    Company: 'company',
    'Job Title': 'role',
  },
  zoom: {
    'Display Name': 'display_name',
    'First Name': 'first_name',
    'Last Name': 'last_name',
    'Phone Number (Main)': 'phone',
    'Phone Number (Mobile)': 'mobile',
    'Phone Number (Work)': 'work_phone',
    'Phone Number (Home)': 'home_phone',
    'Phone Number (Other)': 'other_phone',
    Email: 'email',
    'Email 2': 'email_2',
    'Email 3': 'email_3',
    'Email 4': 'email_4',
    Location: 'location',
    'Account Number': 'account_number',
    Company: 'company',
    Role: 'role',
    'Time Zone': 'timezone',
  },
};

/**
 * Headers that name their field only when no other column does: Outlook's `Title` is the
 * salutation (`Dr.`) beside its `Job Title`, while a file with `Title` alone means the job.
 * Normalised (see normaliseHeader).
 */
export const YIELDING_HEADERS: ReadonlySet<string> = new Set(['title']);
