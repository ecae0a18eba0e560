import { E164_PATTERN } from '../zoom/generated/limits.js';

/**
 * Item rules Zoom applies to contacts beyond what the request schema says. Each returns the
 * messages of everything wrong, so one rejection carries all its reasons.
 */

// The same shape ajv-formats' "email" accepts in fast mode: something@something.tld.
const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** Whether a number is in E.164: a plus, a non-zero digit and 7 to 15 digits in all. */
export function isE164(phone: string): boolean {
  return E164_PATTERN.test(phone);
}

/** Whether a text looks like an e-mail address. */
export function isEmail(email: string): boolean {
  return EMAIL.test(email);
}

/** Zoom's 2102 message: a contact needs a phone or an e-mail. */
export const NEEDS_PHONE_OR_EMAIL =
  'Either the `emails` or `phones` fields must have a value. Both of these fields cannot be empty.';

/** Zoom's message when two phones claim to be the main one. */
export const ONE_MAIN_PHONE = 'Only one main phone number is allowed.';

/** Messages for phone numbers that are not E.164. */
export function phoneProblems(numbers: readonly string[]): string[] {
  return numbers.filter((n) => !isE164(n)).map((n) => `Invalid phone number: ${n}`);
}

/** Messages for e-mail addresses that are not addresses. */
export function emailProblems(emails: readonly string[]): string[] {
  return emails.filter((e) => !isEmail(e)).map((e) => `Invalid email: ${e}`);
}

/** The message if more than one phone is of the main type (`main` or `Main`, by list kind). */
export function mainPhoneProblems(types: readonly (string | undefined)[], main: string): string[] {
  return types.filter((t) => t === main).length > 1 ? [ONE_MAIN_PHONE] : [];
}

/**
 * Whether a custom field value fits its data type, by the rules the spec spells out for
 * campaign custom fields (values always travel as strings).
 */
export function customValueProblem(dataType: string, value: string, pickList: readonly string[] = []): string | undefined {
  const ok = ((): boolean => {
    switch (dataType) {
      case 'number':
        return /^-?\d+(\.\d+)?$/.test(value) && Math.abs(Number(value)) <= 9_999_999_999;
      case 'percent':
        return /^\d+(\.\d+)?$/.test(value) && Number(value) <= 100;
      case 'currency':
        return /^\d+(\.\d{1,2})?$/.test(value);
      case 'boolean':
        return value === 'true' || value === 'false';
      case 'email':
        return isEmail(value);
      case 'phone':
        return /^\+?[\d\s().-]{7,20}$/.test(value);
      case 'dateTime':
        return /^\d+$/.test(value);
      case 'date_time':
        return !Number.isNaN(Date.parse(value));
      case 'pick_list':
        return pickList.includes(value);
      default:
        return true;
    }
  })();
  return ok ? undefined : `The value \`${value}\` does not match the data type ${dataType}.`;
}
