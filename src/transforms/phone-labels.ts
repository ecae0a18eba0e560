import { PHONE_FIELD_TYPES, isPhoneField, type PhoneType } from './canonical-fields.js';
import { fieldOfHeader, normaliseHeader } from './column-mapping.js';

// Labels by their text as a cell has it: a file uses a handful (`Mobile`, `* Work`), so each is
// read once per run rather than once per row. Bounded, should a file put anything there.
const known = new Map<string, PhoneType>();
const KNOWN_MAX = 1_000;

/**
 * The kind of number a label cell names, as Google Contacts' `Phone N - Type` gives it:
 * `Mobile`, `Work`, `Home`, `Main`, `Other`, in any language a header may be in (`Portable`,
 * `携帯`), Google's `*` for the primary one ignored. Anything else (`Work Fax`, `Pager`, a
 * custom label, an empty cell) is `other`.
 */
export function phoneTypeOfLabel(label: string): PhoneType {
  let type = known.get(label);
  if (type !== undefined) return type;
  // `Work` is read as `Work phone`; an empty label (nothing but `*`, say) names no kind.
  const field = normaliseHeader(label) === '' ? undefined : (fieldOfHeader(label) ?? fieldOfHeader(`${label} phone`));
  type = field !== undefined && isPhoneField(field) ? PHONE_FIELD_TYPES[field] : 'other';
  if (known.size < KNOWN_MAX) known.set(label, type);
  return type;
}
