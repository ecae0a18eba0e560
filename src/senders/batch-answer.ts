/**
 * Matching a batch answer back to the rows that were sent. Zoom's address book batch answers
 * carry no index: created contacts come back with their fields, refused ones with the display
 * name, numbers and e-mails that were sent. Rows are matched on those; the within-file duplicate
 * check keeps numbers and e-mails unique inside a batch, so a match is normally unique.
 */

/** What Zoom echoes of a contact: name, numbers and e-mails. */
export interface ContactEcho {
  readonly display_name?: string | undefined;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
}

/** The rows each answer entry belongs to. */
export interface Attribution<E> {
  /** Row index → the entry that is its answer. */
  readonly matched: ReadonlyMap<number, E>;
  /**
   * Rows an entry could belong to but not uniquely (two rows that look alike in what Zoom echoes).
   * Send them again one at a time to learn their fate.
   */
  readonly ambiguous: ReadonlySet<number>;
  /** Entries that match no row that was sent. */
  readonly unmatched: readonly E[];
}

/**
 * Gives each answer entry the one row it matches. An entry that matches several rows makes all
 * of them ambiguous; a row matched by two entries keeps the first.
 */
export function attribute<R, E>(rows: readonly R[], entries: readonly E[], matches: (row: R, entry: E) => boolean): Attribution<E> {
  const matched = new Map<number, E>();
  const ambiguous = new Set<number>();
  const unmatched: E[] = [];
  for (const entry of entries) {
    const candidates: number[] = [];
    rows.forEach((row, index) => {
      if (!matched.has(index) && matches(row, entry)) candidates.push(index);
    });
    if (candidates.length === 1) matched.set(candidates[0]!, entry);
    else if (candidates.length === 0) unmatched.push(entry);
    else for (const index of candidates) ambiguous.add(index);
  }
  for (const index of matched.keys()) ambiguous.delete(index);
  return { matched, ambiguous, unmatched };
}

function sameSet(a: readonly string[], b: readonly string[], fold: (s: string) => string = (s) => s): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a.map(fold));
  return b.every((item) => set.has(fold(item)));
}

const lower = (s: string): string => s.toLowerCase();

/**
 * Whether Zoom's echo of a contact is the one that was sent: the same numbers and e-mails (in any
 * order, e-mails ignoring case), and the same display name when one was sent. An update may send
 * no display name, and Zoom then echoes the stored one, which says nothing about the row.
 */
export function echoMatches(sent: ContactEcho, echo: ContactEcho): boolean {
  if (sent.display_name !== undefined && echo.display_name !== undefined && sent.display_name !== echo.display_name) return false;
  return sameSet(sent.phones, echo.phones) && sameSet(sent.emails, echo.emails, lower);
}
