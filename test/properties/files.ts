/**
 * The files the property suite imports: rows drawn about a small universe of people, written as a
 * spreadsheet export would be — numbers in any phone column and in any written form, duplicates,
 * blank cells, typo'd ids, formula-looking and non-Latin text — and rendered to CSV only when a
 * step runs, because a `contact_id` cell holds an id the target gave at run time.
 */
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';

/** Phone columns a file may have, with the type a number in each gets. */
export const PHONE_COLUMNS = [
  { header: 'Phone', type: 'main' },
  { header: 'Mobile', type: 'mobile' },
  { header: 'Work Phone', type: 'work' },
  { header: 'Home Phone', type: 'home' },
] as const;
export type PhoneType = (typeof PHONE_COLUMNS)[number]['type'];

/**
 * Names as people type them: Latin, Japanese, Arabic, Cyrillic, Devanagari, and text a
 * spreadsheet would run as a formula (the last, quoted, is what an export guarded; the import
 * takes the quote off).
 */
export const NAMES = ['Ann Lee', 'Bob Stone', '山田 太郎', 'محمد علي', 'Иван Петров', 'अनिल कुमार', '=1+1', '+cmd', '@x', '-minus', "'=SUM(A1)", 'Zoë Ångström'] as const;
/** Companies, blank included (`null`). */
export const COMPANIES = ['Acme', '株式会社テスト', '=HYPERLINK("x")', '@corp', 'شركة', 'Beta'] as const;

/** What a cell's text is as the import takes it: one leading quote before a formula character goes. */
export function importedText(cell: string): string {
  return cell.startsWith("'") && /^'*[=+\-@\t\r]/.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** The E.164 number `slot` of person `person` (each person owns two, no one shares them). */
export function numberOf(person: number, slot: number): string {
  return `+1212736${String(1000 + person * 2 + slot)}`;
}

/** The e-mail of a person. */
export function emailOf(person: number): string {
  return `p${person}@example.com`;
}

/** Ways of writing an E.164 US number that all read back as it. */
const WRITTEN = [
  (e: string) => e,
  (e: string) => `+1 ${e.slice(2, 5)} ${e.slice(5, 8)} ${e.slice(8)}`,
  (e: string) => `(${e.slice(2, 5)}) ${e.slice(5, 8)}-${e.slice(8)}`,
  (e: string) => `${e.slice(2, 5)}.${e.slice(5, 8)}.${e.slice(8)}`,
  (e: string) => `1-${e.slice(2, 5)}-${e.slice(5, 8)}-${e.slice(8)}`,
] as const;
/** Cells that are not valid numbers. */
const BAD_NUMBERS = ['555-12', 'CALL ME', '212-736-12'] as const;

/** A phone cell: the person's number, a number that is no number, or blank. */
export type PhoneCell = 'ok' | 'bad' | 'blank';
/** An id cell: the contact's id, the id with a typo, or blank. */
export type IdCell = 'ok' | 'typo' | 'blank';

/** One row of a file, about one person. */
export interface RowSpec {
  readonly person: number;
  readonly name: number;
  /** Index into COMPANIES, or null for a blank cell. */
  readonly company: number | null;
  /** One per phone column of the layout. */
  readonly phones: readonly PhoneCell[];
  /** How the numbers are written (index into the written forms). */
  readonly form: number;
  readonly email: 'ok' | 'blank' | 'bad';
  readonly id: IdCell;
}

/** The columns of a sequence's files. */
export interface Layout {
  /** Indexes into PHONE_COLUMNS, in file order. */
  readonly phoneColumns: readonly number[];
  readonly email: boolean;
  readonly company: boolean;
  readonly idColumn: boolean;
}

/** How many people a sequence's files are about. */
export const PEOPLE = 12;

/** A layout: one or two phone columns of any kind, e-mail and company columns or not. */
export function layoutArb(options: { idColumn?: fc.Arbitrary<boolean>; email?: fc.Arbitrary<boolean> } = {}): fc.Arbitrary<Layout> {
  return fc.record({
    phoneColumns: fc.uniqueArray(fc.integer({ min: 0, max: PHONE_COLUMNS.length - 1 }), { minLength: 1, maxLength: 2 }),
    email: options.email ?? fc.boolean(),
    company: fc.boolean(),
    idColumn: options.idColumn ?? fc.constant(false),
  });
}

/** A row about `person`: mostly clean, sometimes with a bad or blank cell or a typo'd id. */
export function rowArb(layout: Layout, person: fc.Arbitrary<number> = fc.integer({ min: 0, max: PEOPLE - 1 })): fc.Arbitrary<RowSpec> {
  const phone = fc.oneof({ weight: 12, arbitrary: fc.constant<PhoneCell>('ok') }, { weight: 1, arbitrary: fc.constant<PhoneCell>('bad') }, { weight: 2, arbitrary: fc.constant<PhoneCell>('blank') });
  return fc.record({
    person,
    name: fc.integer({ min: 0, max: NAMES.length - 1 }),
    company: fc.option(fc.integer({ min: 0, max: COMPANIES.length - 1 }), { freq: 4 }),
    phones: fc.tuple(...layout.phoneColumns.map(() => phone)),
    form: fc.integer({ min: 0, max: WRITTEN.length - 1 }),
    email: fc.oneof({ weight: 8, arbitrary: fc.constant<'ok'>('ok') }, { weight: 2, arbitrary: fc.constant<'blank'>('blank') }, { weight: 1, arbitrary: fc.constant<'bad'>('bad') }),
    id: fc.oneof({ weight: 10, arbitrary: fc.constant<IdCell>('ok') }, { weight: 1, arbitrary: fc.constant<IdCell>('typo') }, { weight: 1, arbitrary: fc.constant<IdCell>('blank') }),
  });
}

/** A file: 5 to `max` rows, some people twice (a duplicate within the file). */
export function rowsArb(layout: Layout, max = 16): fc.Arbitrary<RowSpec[]> {
  return fc.array(rowArb(layout), { minLength: 5, maxLength: max });
}

/** An edit between two nights: a row changed, removed, or added. */
export type Edit =
  | { readonly kind: 'change'; readonly at: number; readonly row: RowSpec }
  | { readonly kind: 'remove'; readonly at: number }
  | { readonly kind: 'add'; readonly row: RowSpec };

/** Edits of a night's file. */
export function editsArb(layout: Layout): fc.Arbitrary<Edit[]> {
  return fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant<'change'>('change'), at: fc.nat(), row: rowArb(layout) }),
      fc.record({ kind: fc.constant<'remove'>('remove'), at: fc.nat() }),
      fc.record({ kind: fc.constant<'add'>('add'), row: rowArb(layout) }),
    ),
    { minLength: 1, maxLength: 5 },
  );
}

/**
 * The night's file after the edits: a changed row keeps its person (the export's row for the
 * same contact, edited), a removed row is gone, an added one goes at the end.
 */
export function applyEdits(rows: readonly RowSpec[], edits: readonly Edit[]): RowSpec[] {
  const out = [...rows];
  for (const edit of edits) {
    if (edit.kind === 'add') out.push(edit.row);
    else if (out.length > 0) {
      const at = edit.at % out.length;
      if (edit.kind === 'remove') {
        if (out.length > 5) out.splice(at, 1);
      } else out[at] = { ...edit.row, person: out[at]!.person };
    }
  }
  return out;
}

/** A file rendered: its text, and each row's cells as the import reads them. */
export interface RenderedFile {
  readonly text: string;
  readonly header: readonly string[];
  /** The CSV line each row starts on (the header is line 1). */
  readonly lines: readonly number[];
}

/** The text of a phone cell. */
export function phoneText(row: RowSpec, column: number): string {
  const cell = row.phones[column];
  if (cell === 'blank' || cell === undefined) return '';
  if (cell === 'bad') return BAD_NUMBERS[(row.person + column) % BAD_NUMBERS.length]!;
  return WRITTEN[row.form]!(numberOf(row.person, column));
}

/** An id with one character changed: an id the target does not hold. */
export function typoOf(id: string): string {
  const last = id.at(-1) ?? 'x';
  return `${id.slice(0, -1)}${last === 'Q' ? 'R' : 'Q'}`;
}

/** Renders rows to CSV; `idOf` gives a person's contact id in the target, if it holds one. */
export function renderCsv(layout: Layout, rows: readonly RowSpec[], idOf: (person: number) => string | undefined = () => undefined): RenderedFile {
  const header = [
    ...(layout.idColumn ? ['contact_id'] : []),
    'Name',
    ...layout.phoneColumns.map((c) => PHONE_COLUMNS[c]!.header),
    ...(layout.email ? ['Email'] : []),
    ...(layout.company ? ['Company'] : []),
  ];
  const records = rows.map((row) => {
    const id = idOf(row.person);
    const idCell = row.id === 'blank' || id === undefined ? '' : row.id === 'typo' ? typoOf(id) : id;
    return [
      ...(layout.idColumn ? [idCell] : []),
      NAMES[row.name]!,
      ...layout.phoneColumns.map((_, k) => phoneText(row, k)),
      ...(layout.email ? [row.email === 'ok' ? emailOf(row.person) : row.email === 'bad' ? `p${row.person}@` : ''] : []),
      ...(layout.company ? [row.company === null ? '' : COMPANIES[row.company]!] : []),
    ];
  });
  const text = stringify([header, ...records]);
  // No cell holds a line break, so row k is on line k + 2.
  return { text, header, lines: rows.map((_, k) => k + 2) };
}
