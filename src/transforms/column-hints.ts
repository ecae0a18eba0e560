import { normaliseHeader } from './column-mapping.js';

/** What an unmapped column seems to hold that an import would miss: worth a warning before a check. */
export type ColumnContent = 'phone numbers' | 'e-mail addresses' | 'names';

const PHONE_HEADER = /phone|tel|mobile|cell|fax|whatsapp|msisdn/;
const EMAIL_HEADER = /mail/;
const NAME_HEADER = /name/;
const EMAIL_TEXT = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE_TEXT = /^\+?[\d\s().\-/]+$/;

/** Whether a cell reads as a phone number: phone punctuation around 7 to 15 digits. */
function looksLikePhone(text: string): boolean {
  const digits = text.replace(/\D/g, '').length;
  return PHONE_TEXT.test(text.trim()) && digits >= 7 && digits <= 15;
}

/**
 * What a column seems to hold, from its header and a few of its values: phone numbers, e-mail
 * addresses or names, or nothing worth a word. Values decide before the header (a column of
 * numbers headed `Contact` holds numbers), and most of the non-empty values must agree.
 * A guess for a warning, never a mapping: the column stays as the person mapped it.
 */
export function columnContent(header: string, samples: readonly string[]): ColumnContent | undefined {
  const values = samples.map((s) => s.trim()).filter((s) => s !== '');
  const most = (test: (text: string) => boolean) => values.length > 0 && values.filter(test).length * 2 > values.length;
  if (most((v) => EMAIL_TEXT.test(v))) return 'e-mail addresses';
  if (most(looksLikePhone)) return 'phone numbers';
  const name = normaliseHeader(header);
  if (EMAIL_HEADER.test(name)) return 'e-mail addresses';
  if (PHONE_HEADER.test(name)) return 'phone numbers';
  if (NAME_HEADER.test(name)) return 'names';
  return undefined;
}
