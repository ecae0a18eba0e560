// ccbulk ui: one page per step, each reading its state from the server, so a reload keeps it.
// Plain ES module, no build step. Every text from the server goes in with textContent, never
// as HTML: file names, headers and cells are the user's data.

const main = document.getElementById('main');

/** Calls the API; a JSON body is sent as application/json (the server refuses other writes). */
async function api(path, { method = 'GET', body, raw, headers = {} } = {}) {
  const init = { method, headers: { ...headers }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  } else if (raw !== undefined) {
    init.body = raw;
  }
  const response = await fetch(path, init);
  const value = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(value.error ?? `HTTP ${response.status}`);
  return value;
}

/** An element with attributes and children (strings become text nodes). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (tag === 'button' && key === 'onclick') node.addEventListener('click', oneAtATime(node, value));
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  return node;
}

/**
 * A button's click handler that runs once at a time: the button is disabled (and marked busy)
 * from the click until its request has an answer, so a double click, or a click while the page
 * waits, never starts the same work twice. (The server refuses a second start too, with 409.)
 */
function oneAtATime(button, handler) {
  return async (event) => {
    if (button.getAttribute('aria-busy') === 'true') return;
    const wasDisabled = button.disabled;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await handler(event);
    } finally {
      button.removeAttribute('aria-busy');
      // A handler that disabled its button for good (Stop) keeps it so.
      if (button.dataset.keepDisabled !== 'true') button.disabled = wasDisabled;
    }
  };
}

/** The columns of Past runs; the last holds each run's links and buttons. */
const RUN_COLUMNS = ['Run', 'Outcome', 'Job', 'File', 'Rows', 'Succeeded', 'Rejected', 'Actions'];

/**
 * Gives each cell of a table row its column's name (`data-label`), which the narrow layout shows
 * before the cell when a table's rows become cards (style.css, `table.cards`).
 * @param {string[]} headers the columns, in order
 * @param {HTMLTableRowElement} row
 * @returns {HTMLTableRowElement}
 */
function labelled(headers, row) {
  [...row.cells].forEach((cell, i) => cell.setAttribute('data-label', headers[i] ?? ''));
  return row;
}

function show(...nodes) {
  main.replaceChildren(...nodes);
}

function errorBox() {
  return el('p', { class: 'error', role: 'alert', id: 'error' });
}

function fail(box, error) {
  box.textContent = error.message;
}

function stats(entries) {
  return el('dl', { class: 'stats' }, entries.map(([key, label, value]) => el('div', { class: 'stat' }, el('dt', {}, label), el('dd', { 'data-field': key }, String(value ?? '—')))));
}

const JOBS = { 'address-book': 'Address book', 'campaign-contacts': 'Campaign contact list', dnc: 'DNC list', roster: 'Agent roster' };

/** What each mode does, in words. */
const MODE_TEXT = {
  'address-book:create': 'Create a contact for each row. A row whose number or e-mail a contact of the book already has is refused, so running the file twice creates nothing twice.',
  'address-book:update': 'Change the contacts the file’s contact id column names; empty cells leave their field as it is.',
  'address-book:upsert': 'Update the contact each row matches by number or e-mail, or create it when none does.',
  'address-book:delete': 'Delete the contact each row names by contact id, number or e-mail. This cannot be undone: the check says how many will go.',
  'address-book:sync': 'Make the book match the file: create what is new, update what changed, leave the rest; contacts the file does not hold are listed, or deleted if you ask below.',
  'campaign-contacts:insert': 'Add each row to the list. A row whose number or e-mail a contact of the list already has is refused, so a file inserted twice is never dialled twice.',
  'campaign-contacts:update': 'Change the contacts the file’s contact id column names.',
  'campaign-contacts:sync': 'Make the list match the file: insert what is new, update what changed; contacts the file does not hold are listed, or deleted if you ask below.',
  'dnc:add': 'Add every number of every phone column to the DNC list.',
  'dnc:remove': 'Remove every number of the file from the DNC list.',
  'dnc:sync': 'Make the DNC list hold exactly the file’s numbers: add the new ones; numbers the file does not hold are listed, or removed if you ask below.',
  'roster:create': 'Make each row’s Zoom user a Contact Center agent, with its role, queues, teams and skills. An agent that exists already only gets what it lacks, so the file twice sends nothing twice.',
  'roster:update': 'Set each agent’s profile fields and add the queues, teams and skills the file names; nothing is taken away.',
  'roster:sync': 'Make each listed agent’s queues, teams, skills and role exactly the file’s: missing ones assigned, extra ones unassigned (within the limit below).',
};

/** `{count: 5}` → `5`, `{percent: 10}` → `10%`, text as it is. */
function thresholdText(value) {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return value.percent === undefined ? String(value.count) : `${value.percent}%`;
}

/** `20000` → `20,000`. */
function number(n) {
  return Number(n ?? 0).toLocaleString('en-US');
}

/** `75` → `1 min 15 s`; `12` → `12 s`. */
function duration(seconds) {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A parameter of the step's address: `#run?id=…` names the run the step shows. */
function hashParam(name) {
  return new URLSearchParams(location.hash.split('?')[1] ?? '').get(name) ?? undefined;
}

/**
 * A live run's progress in words, as the server counts it: rows done of the file's (a resume's
 * earlier rows included), this leg's rate and the time left at it, and the 429s.
 */
function progressText(run) {
  const of = run.expectedRows ? ` of ${number(run.expectedRows)} rows` : ' rows';
  return `${number(run.done)} done${of} (${number(run.progress.succeeded)} succeeded, ${number(run.progress.rejected)} rejected) · ${run.rowsPerSecond} rows/s` +
    `${run.etaSeconds === undefined ? '' : ` · about ${duration(run.etaSeconds)} left`} · ${run.rateLimited} × 429`;
}

/** Where a run is shown: a check on the check step, a run on the run step (by its id). */
function runLink(run) {
  return run.dryRun ? '#check' : `#run?id=${encodeURIComponent(run.id)}`;
}

/** What a run does, in words: `The import into “Book” (address-book create, leads.csv)`. */
function runTitle(run) {
  return `${run.dryRun ? 'The check of' : 'The import into'} “${run.targetName}” (${run.job} ${run.mode}, ${run.input})`;
}

const pages = {
  async job(draw = show) {
    const state = await api('/api/state');
    const box = errorBox();
    const job = el('select', { id: 'job-kind' }, Object.entries(JOBS).map(([value, label]) => el('option', { value, selected: state.job?.job === value }, label)));
    const mode = el('select', { id: 'job-mode' });
    const target = el('select', { id: 'job-target' });
    const describe = el('p', { id: 'job-mode-text', class: 'hint' });
    const options = el('fieldset', { id: 'job-options' });
    const saved = state.options ?? {};
    let dncLists = [];
    const showOptions = () => {
      const sync = mode.value === 'sync';
      describe.textContent = MODE_TEXT[`${job.value}:${mode.value}`] ?? '';
      const parts = [el('legend', {}, 'Options')];
      if (job.value === 'campaign-contacts') {
        parts.push(el('p', { class: 'hint' }, 'Keep off the list every contact with a number on these DNC lists (the command line’s --scrub-dnc):'),
          ...(dncLists.length === 0 ? [el('p', {}, 'The account has no DNC list.')] : dncLists.map((l) => el('label', { class: 'check' },
            el('input', { type: 'checkbox', name: 'scrub-dnc', value: l.id, checked: (saved.scrubDnc ?? []).includes(l.id) }), ` ${l.name}`))));
      }
      if (sync && job.value !== 'dnc' && job.value !== 'roster') {
        parts.push(el('label', { for: 'job-key' }, 'Match rows to contacts by'),
          el('select', { id: 'job-key' }, [['', 'the file’s columns (contact id, else account number, else numbers and e-mails)'], ['contact_id', 'contact id'], ['account_number', 'account number'], ['email', 'e-mail'], ['phone', 'phone number']]
            .map(([value, label]) => el('option', { value, selected: (saved.key ?? '') === value }, label))));
      }
      if (!['dnc', 'roster'].includes(job.value) && ['update', 'upsert', 'sync'].includes(mode.value)) {
        parts.push(el('label', { for: 'job-blanks' }, 'An empty cell in a column the file has (the command line’s --blanks)'),
          el('select', { id: 'job-blanks' }, [['keep', 'keeps the contact’s value'], ['clear', 'clears the field (numbers and e-mails: removes that kind)']]
            .map(([value, label]) => el('option', { value, selected: (saved.blanks ?? 'keep') === value }, label))));
      }
      if (sync && job.value === 'roster') {
        parts.push(el('label', { for: 'job-max-unassign' }, 'Never unassign more than (a count, or a share of the assignments read such as 10%)'),
          el('input', { type: 'text', id: 'job-max-unassign', value: saved.maxUnassign === undefined ? '10%' : thresholdText(saved.maxUnassign) }),
          el('label', { class: 'check' }, el('input', { type: 'checkbox', id: 'job-remove-missing', checked: saved.removeMissing === true }),
          ' Also remove the Contact Center users the file does not list'),
          el('label', { for: 'job-max-remove' }, 'But never remove more users than (a count, or a share such as 10%)'),
          el('input', { type: 'text', id: 'job-max-remove', value: saved.maxRemove === undefined ? '10%' : thresholdText(saved.maxRemove) }));
      } else if (sync) {
        parts.push(el('label', { class: 'check' }, el('input', { type: 'checkbox', id: 'job-delete-missing', checked: saved.deleteMissing === true }),
          ' Delete what the target holds and the file does not (otherwise they are only listed in not-in-file.csv)'),
          el('label', { for: 'job-max-delete' }, 'But never delete more than (a count, or a share such as 10%)'),
          el('input', { type: 'text', id: 'job-max-delete', value: saved.maxDelete === undefined ? '10%' : thresholdText(saved.maxDelete) }));
      }
      parts.push(el('label', { for: 'job-max-rejects' }, 'Stop once more rows than this are rejected (a count, or a share such as 5%; empty: never)'),
        el('input', { type: 'text', id: 'job-max-rejects', value: saved.maxRejects === undefined ? '' : thresholdText(saved.maxRejects) }));
      options.replaceChildren(...parts);
    };
    /** The options as the library names them (the server checks them with the job's schema). */
    const chosen = () => {
      const value = (id) => document.getElementById(id)?.value?.trim() ?? '';
      const picked = {};
      if (job.value === 'campaign-contacts') picked.scrubDnc = [...options.querySelectorAll('input[name="scrub-dnc"]:checked')].map((i) => i.value);
      if (mode.value === 'sync' && job.value === 'roster') {
        if (value('job-max-unassign') !== '') picked.maxUnassign = value('job-max-unassign');
        picked.removeMissing = document.getElementById('job-remove-missing')?.checked === true;
        if (value('job-max-remove') !== '') picked.maxRemove = value('job-max-remove');
      } else if (mode.value === 'sync') {
        if (value('job-key') !== '') picked.key = value('job-key');
        picked.deleteMissing = document.getElementById('job-delete-missing')?.checked === true;
        if (value('job-max-delete') !== '') picked.maxDelete = value('job-max-delete');
      }
      if (value('job-blanks') !== '') picked.blanks = value('job-blanks');
      if (value('job-max-rejects') !== '') picked.maxRejects = value('job-max-rejects');
      return picked;
    };
    // The job whose modes and targets are shown, and the loads asked for so far.
    let shownJob;
    let loads = 0;
    const load = async () => {
      const mine = ++loads;
      const kind = job.value;
      const { modes, targets } = await api(`/api/targets?job=${encodeURIComponent(kind)}`);
      const lists = kind === 'campaign-contacts' ? (await api('/api/targets?job=dnc')).targets : [];
      // Answers can come back out of order, and a mode, a target or an option may have been
      // picked while one was on its way: only the last job chosen is shown, and choosing the
      // job shown again keeps what was picked for it (it reset the mode and the options).
      if (mine !== loads) return;
      const same = kind === shownJob;
      const pickedMode = same ? mode.value : state.job?.mode;
      const pickedTarget = same ? target.value : state.job?.target;
      mode.replaceChildren(...modes.map((m) => el('option', { value: m, selected: pickedMode === m }, m)));
      target.replaceChildren(...targets.map((t) => el('option', { value: t.id, selected: pickedTarget === t.id }, t.size === undefined ? t.name : `${t.name} (${t.size} contacts)`)));
      dncLists = lists;
      shownJob = kind;
      if (!same) showOptions();
    };
    job.addEventListener('change', () => load().catch((e) => fail(box, e)));
    mode.addEventListener('change', showOptions);
    await load();
    draw(
      el('h1', {}, '1. Choose the job and its target'),
      el('label', { for: 'job-kind' }, 'Import into'), job,
      el('label', { for: 'job-mode' }, 'Mode'), mode, describe,
      el('label', { for: 'job-target' }, 'Target (from the account)'), target,
      options,
      el('div', {}, el('button', { id: 'job-next', onclick: async () => {
        try {
          await api('/api/job', { method: 'POST', body: { job: job.value, mode: mode.value, target: target.value } });
          await api('/api/options', { method: 'POST', body: { options: chosen() } });
          location.hash = '#upload';
        } catch (e) { fail(box, e); }
      } }, 'Next: the file')),
      box,
    );
  },

  async upload(draw = show) {
    await uploadPage(draw);
  },

  async mapping(draw = show) {
    await mappingPage(draw);
  },

  async check(draw = show) {
    const state = await api('/api/state');
    const box = errorBox();
    const body = el('div', { id: 'check-body' });
    const start = async () => {
      const { id } = await api('/api/check', { method: 'POST', body: {} });
      await follow(id, body);
      await showCheck(id, body);
    };
    draw(
      el('h1', {}, '4. Check: a dry run over the whole file'),
      el('p', {}, 'Nothing is written to Zoom: every row is read, checked and looked up, and the page says what the real run would do.'),
      el('button', { id: 'check-start', onclick: () => start().catch((e) => fail(box, e)) }, state.check ? 'Check again' : 'Check the file'),
      box, body,
    );
    if (state.check) await showCheck(state.check, body);
  },

  async run(draw = show) {
    const state = await api('/api/state');
    const box = errorBox();
    const body = el('div', { id: 'run-body' });
    // The run the address names (the banner's link), else this session's.
    const shown = hashParam('id') ?? state.run;
    const { deletes } = await api('/api/plan');
    const start = async (confirmDeletes) => {
      try {
        const { id } = await api('/api/run', { method: 'POST', body: confirmDeletes === undefined ? {} : { confirmDeletes } });
        await live(id, body, '#result');
      } catch (e) { fail(box, e); }
    };
    const ready = !!state.check && !shown;
    draw(
      el('h1', {}, '5. Run'),
      el('p', {}, state.job ? `Import into ${JOBS[state.job.job]} “${state.job.targetName}” (${state.job.mode}).` : 'Choose a job first.'),
      deletes && (deletes.error !== undefined || deletes.count > 0)
        ? deleteConfirmation(deletes, state.job?.targetName ?? '', ready, start)
        : el('button', { id: 'run-start', disabled: !ready, onclick: () => start(undefined) }, 'Start the import'),
      box, body,
    );
    if (shown) await live(shown, body, shown === state.run ? '#result' : `#result?id=${encodeURIComponent(shown)}`);
  },

  async result(draw = show) {
    const state = await api('/api/state');
    const id = hashParam('id') ?? state.run;
    if (!id) return draw(el('h1', {}, '6. Result'), el('p', {}, 'No run yet.'));
    await showResult(id, draw);
  },

  async runs(draw = show) {
    const runs = await api('/api/runs');
    // Listed as it was when asked: a run going now is `running`, and says how it ended once it has.
    draw(
      el('h1', {}, 'Past runs'),
      runs.length === 0 ? el('p', {}, 'None yet.') :
      el('table', { id: 'runs', class: 'cards' }, el('thead', {}, el('tr', {}, RUN_COLUMNS.map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, runs.map((r) => labelled(RUN_COLUMNS, el('tr', {},
          el('td', {}, r.id), el('td', {}, r.outcome), el('td', {}, `${r.job} ${r.mode}${r.dryRun ? ' (check)' : ''}`), el('td', {}, r.input),
          el('td', {}, String(r.rows)), el('td', {}, String(r.succeeded)), el('td', {}, String(r.rejected)),
          el('td', { class: 'actions' }, r.outcome === 'running' ? el('a', { href: runLink(r), class: 'open-run' }, 'Open it') : el('a', { href: `/api/runs/${r.id}/files/report.html`, target: '_blank' }, 'Report'), ' ',
            r.resumable ? el('button', { class: 'secondary', onclick: async () => { await api(`/api/runs/${r.id}/resume`, { method: 'POST', body: {} }); location.hash = runLink(r); } }, 'Resume') : ''))))))
    );
  },

  async export(draw = show) {
    const box = errorBox();
    const job = el('select', { id: 'export-kind' }, Object.entries(JOBS).map(([value, label]) => el('option', { value }, label)));
    const target = el('select', { id: 'export-target' });
    const format = el('select', { id: 'export-format' }, el('option', { value: 'csv' }, 'CSV'), el('option', { value: 'xlsx' }, 'XLSX'));
    const result = el('p', { id: 'export-result' });
    const load = async () => {
      const { targets } = await api(`/api/targets?job=${encodeURIComponent(job.value)}`);
      target.replaceChildren(...(job.value === 'address-book' ? [el('option', { value: '' }, 'All address books')] : []), ...targets.map((t) => el('option', { value: t.id }, t.name)));
    };
    job.addEventListener('change', () => load().catch((e) => fail(box, e)));
    await load();
    draw(
      el('h1', {}, 'Export'),
      el('label', { for: 'export-kind' }, 'Export from'), job,
      el('label', { for: 'export-target' }, 'Book or list'), target,
      el('label', { for: 'export-format' }, 'Format'), format,
      el('div', {}, el('button', { id: 'export-start', onclick: async () => {
        try {
          const done = await api('/api/export', { method: 'POST', body: { job: job.value, target: target.value, format: format.value } });
          result.replaceChildren(`${done.rows} rows: `, el('a', { href: `/api/exports/${encodeURIComponent(done.name)}`, download: done.name }, `download ${done.name}`));
        } catch (e) { fail(box, e); }
      } }, 'Export')),
      result, box,
      await resourceExportSection(),
    );
  },
};

/** Waits for a run to end, showing its progress. */
function follow(id, body) {
  return new Promise((resolve) => {
    // One live region, polite, changed in place: a screen reader says the new words, not the page.
    const said = el('p', { id: 'progress-text', role: 'status' });
    const events = new EventSource(`/api/runs/${id}/events`);
    events.onmessage = (message) => {
      const run = JSON.parse(message.data);
      if (run.progress) {
        if (!said.isConnected) body.replaceChildren(said);
        said.textContent = `${progressText(run)}…`;
      }
      if (run.status !== 'running') { events.close(); resolve(run); }
    };
    events.onerror = () => { events.close(); resolve(undefined); };
  });
}

/**
 * A check's numbers and its rejected rows. A check still running (the page was reloaded, or
 * opened in another tab) is followed to its end first: it has not failed, it has not finished.
 */
async function showCheck(id, body, followed = false) {
  const run = await api(`/api/runs/${id}`);
  if (run.status === 'running') {
    if (followed) return body.replaceChildren(el('p', { id: 'check-running' }, 'The check is still running: this page shows it once it ends.'));
    body.replaceChildren(el('p', { id: 'check-running' }, 'The check is running…'));
    await follow(id, body);
    return showCheck(id, body, true);
  }
  const s = run.summary;
  if (!s) return body.replaceChildren(el('p', { class: 'error' }, run.error ?? 'The check did not finish.'));
  const list = el('div', { id: 'rejects' });
  body.replaceChildren(
    stats([['rows', 'Rows read', s.rows], ['succeeded', 'Would succeed', s.succeeded], ['rejected', 'Rejected', s.rejected], ['plannedWrites', 'Write requests', s.plannedWrites]]),
    el('p', {}, el('a', { href: `/api/runs/${id}/files/report.html`, target: '_blank', id: 'check-report' }, 'The check’s report (charts, reasons, plan)'), ' · ',
      el('a', { href: `/api/runs/${id}/files/rejects.csv`, id: 'check-rejects', download: 'rejects.csv' }, 'Download rejects.csv'),
      syncFiles(s).map((name) => [' · ', el('a', { href: `/api/runs/${id}/files/${name}`, id: `check-${name.replace('.', '-')}`, download: name }, `Download ${name}`)])),
    unusedColumnsNote(s),
    el('h2', {}, 'Rejected rows'), list,
    el('a', { class: 'button', href: '#run', id: 'check-next' }, 'Next: run it'),
  );
  await showRejects(id, list, 0);
}

/** Live progress of a run, with Stop; then its result, at `resultHash`. */
async function live(id, body, resultHash) {
  const bar = el('progress', { id: 'run-progress', max: 1, value: 0, 'aria-describedby': 'run-text' });
  // The words are the live region, polite: a screen reader says them when they change, not the page.
  const text = el('p', { id: 'run-text', role: 'status' });
  const stop = el('button', { id: 'run-stop', class: 'secondary', onclick: async () => { stop.dataset.keepDisabled = 'true'; await api(`/api/runs/${id}/stop`, { method: 'POST', body: {} }).catch(() => undefined); } }, 'Stop (resumable)');
  body.replaceChildren(el('label', { for: 'run-progress' }, 'Rows done'), bar, text, stop);
  const run = await new Promise((resolve) => {
    const events = new EventSource(`/api/runs/${id}/events`);
    events.onmessage = (message) => {
      const r = JSON.parse(message.data);
      if (r.progress) {
        // Rows done of the file's: after a resume the bar starts where the run stopped.
        if (r.expectedRows) { bar.max = r.expectedRows; bar.value = Math.min(r.done, r.expectedRows); }
        text.textContent = progressText(r);
      }
      if (r.status !== 'running') { events.close(); resolve(r); }
    };
    events.onerror = () => { events.close(); resolve(undefined); };
  });
  if (run?.status === 'stopped') {
    body.replaceChildren(el('p', { id: 'run-stopped' }, `Stopped: ${run.left ?? 'the rest of the file waits for the resume'}.`),
      el('button', { id: 'run-resume', onclick: async () => { await api(`/api/runs/${id}/resume`, { method: 'POST', body: {} }); await live(id, body, resultHash); } }, 'Resume'));
    return;
  }
  location.hash = resultHash;
}

/**
 * The run step's start for a run that deletes: how many go, from the check, and a button that
 * says so, enabled only once that number is typed. The server refuses the start without it too.
 */
function deleteConfirmation(deletes, targetName, ready, start) {
  if (deletes.error !== undefined) return el('p', { class: 'error', id: 'run-delete-check' }, deletes.error);
  const count = number(deletes.count);
  const typed = el('input', { type: 'text', id: 'run-confirm', inputmode: 'numeric', autocomplete: 'off', disabled: !ready });
  const button = el('button', { id: 'run-delete', class: 'danger', disabled: true, onclick: () => start(deletes.count) }, `Delete ${count} ${deletes.items}`);
  typed.addEventListener('input', () => { button.disabled = !ready || typed.value.replace(/[\s,]/g, '') !== String(deletes.count); });
  return el('div', { class: 'confirm-delete', id: 'run-delete-confirm' },
    el('p', { class: 'warn' }, `This run deletes ${count} ${deletes.items} from “${targetName}”, as the check counted. It cannot be undone.`),
    el('label', { for: 'run-confirm' }, `Type ${deletes.count} to confirm`), typed,
    el('div', {}, button));
}

/**
 * The files a sync writes besides every run's, as its summary lists them: plan.csv (what it does
 * to each row) and, when the target holds what the file does not, not-in-file.csv.
 * @param {{sync?: {files?: {plan?: string, notInFile?: string}}}} summary
 * @returns {string[]}
 */
function syncFiles(summary) {
  const files = summary.sync?.files ?? {};
  return [...(files.plan ? ['plan.csv'] : []), ...(files.notInFile ? ['not-in-file.csv'] : [])];
}

async function showResult(id, draw = show) {
  const run = await api(`/api/runs/${id}`);
  if (run.status === 'running') return draw(el('h1', {}, '6. Result'), el('p', { id: 'result-running' }, 'The run is still going: ', el('a', { href: runLink(run) }, 'follow it'), '.'));
  const s = run.summary ?? {};
  const rejects = el('div', { id: 'rejects' });
  draw(
    el('h1', {}, '6. Result'),
    stats([['rows', 'Rows read', s.rows], ['succeeded', 'Succeeded', s.succeeded], ['rejected', 'Rejected', s.rejected], ['requests', 'Requests', s.requests], ['rateLimited', '429 answers', s.rateLimited]]),
    el('p', {}, ['results.csv', 'rejects.csv', 'summary.json', 'report.html', ...syncFiles(s)].map((name) => [el('a', { class: 'button secondary', href: `/api/runs/${id}/files/${name}`, id: `download-${name.replace('.', '-')}`, ...(name === 'report.html' ? { target: '_blank' } : { download: name }) }, name), ' '])),
    el('h2', {}, 'Rejected rows'), rejects,
    ...(s.dryRun ? [] : [el('h2', {}, 'Undo this run'), undoSection(id)]),
    el('iframe', { class: 'report', title: 'The run’s report', src: `/api/runs/${id}/files/report.html` }),
  );
  await showRejects(id, rejects, 0);
}

/**
 * The result's undo: a button that plans it (“Undo will delete 1,204 contacts, restore 37,
 * re-create 3”), then, as a run that deletes asks, the plan's count typed to confirm, and the
 * undo itself. The server refuses the undo without that count too.
 * @param {string} id the run
 */
function undoSection(id) {
  const box = el('div', { id: 'undo' });
  const planButton = el('button', { class: 'secondary', id: 'undo-plan' }, 'Plan the undo');
  const problem = el('p', { class: 'error', role: 'alert', id: 'undo-error' });
  planButton.addEventListener('click', oneAtATime(planButton, async () => {
    let plan;
    try {
      plan = await api(`/api/runs/${id}/undo-plan`, { method: 'POST', body: {} });
    } catch (error) {
      return fail(problem, error);
    }
    const p = plan.planned;
    const words = `Undo will delete ${number(p.delete)} ${plan.items}, restore ${number(p.restore)}, re-create ${number(p.recreate)} in “${plan.targetName}”.`;
    const notes = [p.done > 0 ? `${number(p.done)} are as before already.` : '', p.rejected > 0 ? `${number(p.rejected)} changed since the run and are left alone.` : ''].filter((t) => t !== '').join(' ');
    if (plan.count === 0) return box.replaceChildren(el('p', { id: 'undo-nothing' }, `${words} Nothing to undo.${notes === '' ? '' : ` ${notes}`}`));
    const typed = el('input', { type: 'text', id: 'undo-confirm', inputmode: 'numeric', autocomplete: 'off' });
    const button = el('button', { id: 'undo-run', class: 'danger', disabled: true }, `Undo ${number(plan.count)} ${plan.items}`);
    typed.addEventListener('input', () => { button.disabled = typed.value.replace(/[\s,]/g, '') !== String(plan.count); });
    const outcome = el('p', { id: 'undo-outcome', role: 'status' });
    button.addEventListener('click', oneAtATime(button, async () => {
      let done;
      try {
        done = await api(`/api/runs/${id}/undo`, { method: 'POST', body: { confirm: plan.count } });
      } catch (error) {
        return fail(problem, error);
      }
      button.dataset.keepDisabled = 'true';
      const said = Object.entries(done.undone).map(([status, n]) => `${number(n)} ${status}`).join(', ');
      outcome.textContent = `Undone: ${said === '' ? 'nothing to do' : said}.${done.planned.rejected + done.failed > 0 ? ` ${number(done.planned.rejected + done.failed)} left alone.` : ''}`;
      typed.disabled = true;
    }));
    box.replaceChildren(el('div', { class: 'confirm-delete', id: 'undo-confirm-box' },
      el('p', { class: 'warn', id: 'undo-words' }, words, notes === '' ? '' : ` ${notes}`),
      el('label', { for: 'undo-confirm' }, `Type ${plan.count} to confirm`), typed,
      el('div', {}, button), outcome), problem);
  }));
  box.append(planButton, problem);
  return box;
}

// ---- Rejects: each rejected row by its line, name and number, beside its reasons ----

/**
 * One page of a run's rejected rows into `list`: the row's line, name and number (as its file
 * wrote them) beside the reasons, the first rows with a link to the whole rejects.csv, and pages
 * for the rest.
 * @param {string} id the run
 * @param {HTMLElement} list where the table goes
 * @param {number} n the page, from 0
 */
const REJECT_COLUMNS = ['Line', 'Name', 'Number', 'Stage', 'Reasons'];

async function showRejects(id, list, n) {
  const r = await api(`/api/runs/${id}/rejects?page=${n}`);
  if (r.total === 0) return list.replaceChildren(el('p', { id: 'rejects-none' }, 'No row was rejected.'));
  const at = (name) => r.header.indexOf(name);
  const [lineAt, stageAt, reasonAt] = [at('_line'), at('_stage'), at('_reason')];
  const first = n * r.pageSize + 1;
  list.replaceChildren(
    el('p', { id: 'rejects-count' }, `Rows ${first} to ${first + r.rows.length - 1} of ${r.total} rejected rows; all of them, with every column, in `,
      el('a', { href: `/api/runs/${id}/files/rejects.csv`, download: 'rejects.csv', id: 'rejects-link' }, 'rejects.csv'), '.'),
    el('table', { id: 'rejects-table', class: 'cards' }, el('thead', {}, el('tr', {}, REJECT_COLUMNS.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, r.rows.map((row, i) => labelled(REJECT_COLUMNS, el('tr', {},
        el('td', {}, row[lineAt] ?? ''), el('td', { class: 'reject-name' }, r.labels?.[i]?.name ?? ''), el('td', { class: 'reject-number' }, r.labels?.[i]?.number ?? ''),
        el('td', {}, row[stageAt] ?? ''), el('td', { class: 'reject-reason' }, row[reasonAt] ?? '')))))),
    el('p', {}, `Page ${n + 1} of ${r.pages} `,
      el('button', { class: 'secondary', disabled: n === 0, onclick: () => showRejects(id, list, n - 1) }, 'Previous'),
      el('button', { class: 'secondary', disabled: n + 1 >= r.pages, onclick: () => showRejects(id, list, n + 1) }, 'Next')),
  );
}

/**
 * The columns of the file no field read, as the run's summary lists them: said again after a
 * check, since a run without its phone column is rarely what was meant.
 * @param {{unmappedColumns?: string[]}} summary
 * @returns {HTMLElement|string}
 */
function unusedColumnsNote(summary) {
  const columns = summary.unmappedColumns ?? [];
  if (columns.length === 0) return '';
  return el('p', { id: 'check-unmapped', class: 'warning' }, `Columns no field read: ${columns.map((c) => `“${c}”`).join(', ')}.`);
}

// ---- Step 2, the upload: a file chosen, or dropped on the page ----

/**
 * Sends a file to the server as the upload of this session.
 * @param {File} file
 * @returns {Promise<{upload: {sheets?: unknown[]}}>} the server's answer
 */
function sendUpload(file) {
  return api('/api/upload', { method: 'POST', raw: file, headers: { 'content-type': 'application/octet-stream', 'x-ccbulk-upload': '1', 'x-file-name': encodeURIComponent(file.name) } });
}

/**
 * After a file is uploaded: a workbook with more than one tab stays on this step, so that the
 * sheet can be picked; anything else goes on to the mapping.
 * @param {{upload: {sheets?: unknown[]}}} answer the upload's answer
 */
async function afterUpload(answer) {
  if ((answer.upload.sheets ?? []).length > 1) return pages.upload();
  location.hash = '#mapping';
}

/**
 * A zone a file can be dropped on, which uploads it at once (as choosing it and pressing Next
 * does). Only the first file dropped is taken.
 * @param {HTMLElement} box where a failure is said
 * @returns {HTMLElement}
 */
function dropZone(box) {
  const zone = el('div', { id: 'upload-drop', class: 'drop-zone' }, 'Or drop a CSV or XLSX file here');
  const over = (on) => zone.classList.toggle('drag-over', on);
  zone.addEventListener('dragover', (event) => { event.preventDefault(); over(true); });
  zone.addEventListener('dragleave', () => over(false));
  zone.addEventListener('drop', async (event) => {
    event.preventDefault();
    over(false);
    const file = event.dataTransfer?.files?.[0];
    if (!file) return fail(box, new Error('Drop a file (a .csv, .txt, .tsv or .xlsx), not text or a link.'));
    zone.textContent = `Uploading ${file.name}…`;
    try {
      await afterUpload(await sendUpload(file));
    } catch (e) {
      zone.textContent = 'Or drop a CSV or XLSX file here';
      fail(box, e);
    }
  });
  return zone;
}

/** Step 2: choose or drop a file; a workbook's sheet. */
async function uploadPage(draw = show) {
  const state = await api('/api/state');
  const box = errorBox();
  const input = el('input', { type: 'file', id: 'upload-file', accept: '.csv,.txt,.tsv,.xlsx,.xlsm' });
  const sheets = state.upload?.sheets ?? [];
  // By position, as `--sheet 3` counts: a tab named `2024` is not taken for the 2024th.
  const chosen = state.upload?.sheet ?? '1';
  // A workbook's tabs, as the server listed them: hidden and empty ones marked (empty ones
  // cannot be picked: they have no header to map).
  const sheet = sheets.length === 0 ? undefined : el('select', { id: 'upload-sheet' },
    sheets.map((s) => el('option', { value: String(s.number), selected: String(s.number) === chosen, disabled: s.empty },
      `${s.number}. ${s.name}${s.hidden ? ' (hidden)' : ''}${s.empty ? ' (empty)' : ''}`)));
  draw(
    el('h1', {}, '2. Upload a CSV or XLSX file'),
    state.upload ? el('p', { id: 'upload-current' }, `Uploaded: ${state.upload.name} (${state.upload.size} bytes)`) : el('p', {}, 'No file yet.'),
    el('label', { for: 'upload-file' }, state.upload ? 'Another file' : 'File'), input,
    dropZone(box),
    ...(sheet === undefined ? [] : [el('label', { for: 'upload-sheet' }, 'Sheet of the workbook'), sheet]),
    el('div', {}, el('button', { id: 'upload-next', onclick: async () => {
      try {
        const file = input.files?.[0];
        if (file) return await afterUpload(await sendUpload(file));
        if (!state.upload) throw new Error('Choose a file first.');
        if (sheet !== undefined && sheet.value !== chosen) await api('/api/sheet', { method: 'POST', body: { sheet: sheet.value } });
        location.hash = '#mapping';
      } catch (e) { fail(box, e); }
    } }, 'Next: the mapping')),
    box,
  );
}

// ---- Step 3, the mapping: the columns, the file's first rows, warnings, saved mappings ----

/**
 * The select of one column's field. A value that is not a field (from a loaded map.json) is kept
 * as an option of its own, marked, rather than dropped: saving refuses it, naming it.
 * @param {{header: string, field: string|null}} column
 * @param {number} i the column's index
 * @param {string[]} fields every field it may map to
 * @returns {HTMLSelectElement}
 */
function fieldSelect(column, i, fields) {
  return el('select', { id: `map-${i}`, 'data-header': column.header, 'aria-label': `Field for column ${column.header}` },
    el('option', { value: '', selected: column.field === '' || column.field === null }, '(not used)'),
    fields.map((f) => el('option', { value: f, selected: column.field === f }, f)));
}

/**
 * Sets a column's select to `value`; a value it does not offer is added, marked as not a field.
 * @param {HTMLSelectElement} select
 * @param {string|null} value
 */
function setField(select, value) {
  const wanted = value ?? '';
  if (![...select.options].some((o) => o.value === wanted)) {
    select.append(el('option', { value: wanted, class: 'invalid' }, `${wanted} (not a field)`));
  }
  select.value = wanted;
}

/**
 * The file's first whole rows, every column.
 * @param {{columns: {header: string}[], preview: string[][], rows: number}} view
 * @returns {HTMLElement}
 */
function previewTable(view) {
  // Every column of the file, as wide as it is: it scrolls inside its own box (reachable by
  // keyboard, named by its heading), the page does not.
  return el('div', { class: 'preview', role: 'region', tabindex: 0, 'aria-labelledby': 'map-preview-title' },
    el('h2', { id: 'map-preview-title' }, `First ${view.preview.length} of ${view.rows} rows`),
    el('table', { id: 'map-preview' },
      el('thead', {}, el('tr', {}, view.columns.map((c) => el('th', { scope: 'col' }, c.header)))),
      el('tbody', {}, view.preview.map((row) => el('tr', {}, view.columns.map((_, i) => el('td', {}, row[i] ?? '')))))));
}

/**
 * What the server said of the mapping as it stands: problems beside their columns and in a list,
 * the columns nothing reads (those that look like phone numbers, e-mails or names first, as
 * warnings), and, for a sync, the key contacts are matched by.
 * @param {HTMLElement} into where the list goes
 * @param {HTMLSelectElement[]} selects the columns' selects (their rows get the problem beside them)
 * @param {{problems: {header: string, text: string}[], validFields: string, notUsed: {header: string, holds?: string, taken?: {field: string, by: string}}[], syncKey?: {text: string, columns: string[]}}} check
 */
function showMappingCheck(into, selects, check) {
  for (const select of selects) {
    const problem = check.problems.find((p) => p.header === select.dataset.header);
    const note = document.getElementById(`${select.id}-note`);
    if (note) note.textContent = problem ? `${problem.text}. Valid fields: ${check.validFields}.` : '';
    select.closest('tr')?.classList.toggle('problem', problem !== undefined);
  }
  const parts = [];
  if (check.problems.length > 0) {
    parts.push(el('div', { id: 'map-problems', class: 'error', role: 'alert' },
      el('p', {}, 'The mapping cannot be used as it is:'),
      el('ul', {}, check.problems.map((p) => el('li', {}, `${p.text}.`))),
      el('p', {}, `Valid fields are ${check.validFields}.`)));
  }
  const important = check.notUsed.filter((c) => c.holds !== undefined || c.taken !== undefined);
  if (important.length > 0) {
    // The alert holds the list (a list that is itself the alert is no list to a screen reader).
    parts.push(el('div', { role: 'alert' }, el('ul', { id: 'map-important', class: 'warning' }, important.map((c) => el('li', {}, c.taken
      ? `Column “${c.header}” is not used: it would feed ${c.taken.field}, which column “${c.taken.by}” already feeds.`
      : `Column “${c.header}” is not used, and it seems to hold ${c.holds}: the check and the run will go without them. Choose its field above, or leave it so on purpose.`)))));
  }
  if (check.notUsed.length > 0) {
    parts.push(el('p', { id: 'map-unmapped', class: 'warning' }, `Columns of the file that map to nothing: ${check.notUsed.map((c) => `“${c.header}”`).join(', ')}.`));
  }
  if (check.syncKey) {
    const columns = check.syncKey.columns.length === 0 ? 'no column of the file holds it' : `from the column${check.syncKey.columns.length > 1 ? 's' : ''} ${check.syncKey.columns.map((c) => `“${c}”`).join(', ')}`;
    parts.push(el('p', { id: 'map-sync-key' }, 'A sync matches each row to a contact by its ', el('strong', {}, check.syncKey.text), ` (${columns}).`));
  }
  into.replaceChildren(...parts);
}

/**
 * The saved mappings: apply one, download one (as the `--map` file it is), or save the current
 * mapping under a name.
 * @param {() => object} mapOf the mapping as the selects have it
 * @param {(map: object, from: string) => Promise<void>} apply sets the selects from a mapping
 * @param {HTMLElement} box where a failure is said
 * @param {string} [said] what to say under it (that a mapping was just saved)
 * @returns {Promise<HTMLElement>}
 */
async function savedMappingsSection(mapOf, apply, box, said = '') {
  const saved = await api('/api/mappings');
  const list = el('select', { id: 'map-saved-list', 'aria-label': 'Saved mapping' },
    saved.map((m) => el('option', { value: m.name }, m.matches ? `${m.name} (for these columns)` : m.name)));
  const link = el('a', { id: 'map-saved-download', class: 'button secondary' }, 'Download it (a --map file)');
  const pointLink = () => {
    link.href = `/api/mappings/${encodeURIComponent(list.value)}`;
    link.setAttribute('download', `${list.value}.json`);
  };
  list.addEventListener('change', pointLink);
  if (saved.length > 0) pointLink();
  const name = el('input', { type: 'text', id: 'map-save-name', maxlength: 80 });
  const status = el('p', { id: 'map-save-status', role: 'status' }, said);
  const section = el('fieldset', { id: 'map-saved' }, el('legend', {}, 'Saved mappings'),
    ...(saved.length === 0 ? [el('p', {}, 'None yet.')] : [list,
      el('button', { class: 'secondary', id: 'map-saved-apply', onclick: async () => {
        try {
          await apply(await api(`/api/mappings/${encodeURIComponent(list.value)}`), `the saved mapping “${list.value}”`);
        } catch (e) { fail(box, e); }
      } }, 'Apply'), ' ', link]),
    el('label', { for: 'map-save-name' }, 'Save this mapping as'), name,
    el('button', { class: 'secondary', id: 'map-save', onclick: async () => {
      try {
        await api('/api/mappings', { method: 'POST', body: { name: name.value, map: mapOf() } });
        // Drawn again, so that the list offers the new one.
        section.replaceWith(await savedMappingsSection(mapOf, apply, box, `Saved as “${name.value.trim()}”: a file with these columns gets it on its own.`));
      } catch (e) { fail(box, e); }
    } }, 'Save'),
    status);
  return section;
}

/** The columns of the mapping table. */
const MAP_COLUMNS = ['Column', 'Sample values', 'Field', 'Note'];

/** Step 3: each column's field, the file's first rows, what is left out, and saved mappings. */
async function mappingPage(draw = show) {
  const view = await api('/api/mapping');
  const box = errorBox();
  const selects = view.columns.map((column, i) => fieldSelect(column, i, view.fields));
  const country = el('input', { type: 'text', id: 'map-country', value: view.country, maxlength: 2, size: 3 });
  const warnings = el('div', { id: 'map-warnings', 'aria-live': 'polite' });
  const loaded = el('p', { id: 'map-load-status', role: 'status' });
  const mapOf = () => Object.fromEntries(selects.map((s) => [s.dataset.header, s.value === '' ? null : s.value]));
  // Answers can come back out of order: only the latest one's is shown.
  let asked = 0;
  const refresh = async () => {
    const mine = ++asked;
    const check = await api('/api/mapping/check', { method: 'POST', body: { map: mapOf() } });
    if (mine === asked) showMappingCheck(warnings, selects, check);
  };
  /** Sets the selects from a mapping (a map.json, or a saved one), saying what of it does not fit the file. */
  const apply = async (map, from) => {
    if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new Error(`${from} is not a mapping: expected a JSON object {"Header in file": "field"}.`);
    const check = await api('/api/mapping/check', { method: 'POST', body: { map } });
    for (const s of selects) if (Object.hasOwn(map, s.dataset.header)) setField(s, map[s.dataset.header]);
    const missing = check.problems.filter((p) => p.kind === 'header not in file').map((p) => `“${p.header}”`);
    const wrong = check.problems.filter((p) => p.kind !== 'header not in file');
    loaded.textContent = `Applied ${from}.` +
      (missing.length > 0 ? ` It names columns this file does not have, left out: ${missing.join(', ')}.` : '') +
      (wrong.length > 0 ? ` ${wrong.length} of its entries cannot be used: see below.` : '');
    await refresh();
  };
  const loader = el('input', { type: 'file', id: 'map-load', accept: '.json,application/json' });
  loader.addEventListener('change', async () => {
    const file = loader.files?.[0];
    if (!file) return;
    try {
      let map;
      try { map = JSON.parse(await file.text()); } catch (e) { throw new Error(`${file.name} is not JSON: ${e.message}`); }
      await apply(map, file.name);
    } catch (e) { fail(box, e); }
  });
  for (const s of selects) s.addEventListener('change', () => refresh().catch((e) => fail(box, e)));
  draw(
    el('h1', {}, '3. Check the mapping'),
    el('p', { id: 'map-rows' }, `${view.rows} rows found.`),
    view.savedMapping ? el('p', { id: 'map-saved-note' }, `Using the saved mapping “${view.savedMapping}”: it was saved for a file with these columns.`) : '',
    el('table', { id: 'map-columns', class: 'cards' }, el('thead', {}, el('tr', {}, MAP_COLUMNS.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, view.columns.map((c, i) => labelled(MAP_COLUMNS, el('tr', {}, el('th', { scope: 'row' }, c.header), el('td', { class: 'samples' }, c.samples.join(' · ')), el('td', {}, selects[i]),
        el('td', { id: `map-${i}-note`, class: 'note' })))))),
    warnings,
    previewTable(view),
    el('label', { for: 'map-country' }, 'Default country of numbers written without one (ISO code)'), country,
    el('label', { for: 'map-load' }, 'Load a mapping (the JSON --map reads)'), loader, loaded,
    await savedMappingsSection(mapOf, apply, box),
    el('div', {},
      el('button', { id: 'map-next', onclick: async () => {
        try {
          await api('/api/mapping', { method: 'POST', body: { map: mapOf(), country: country.value } });
          location.hash = '#check';
        } catch (e) { fail(box, e); }
      } }, 'Save and check the whole file'),
      el('button', { class: 'secondary', id: 'map-download', onclick: () => {
        const link = el('a', { href: URL.createObjectURL(new Blob([JSON.stringify(mapOf(), null, 2)], { type: 'application/json' })), download: 'map.json' });
        link.click();
      } }, 'Download as map.json')),
    box,
  );
  showMappingCheck(warnings, selects, view.check);
}

// ---- Export of any resource of the catalogue, as `ccbulk export <resource>` ----

/**
 * The picker's options: the resources whose name, group or summary holds `search`, grouped as
 * the API groups them.
 * @param {{name: string, group: string, summary: string}[]} resources
 * @param {string} search
 * @returns {HTMLOptGroupElement[]}
 */
function resourceOptions(resources, search) {
  const words = search.trim().toLowerCase();
  const found = resources.filter((r) => words === '' || `${r.name} ${r.group} ${r.summary}`.toLowerCase().includes(words));
  const groups = [...new Set(found.map((r) => r.group))].sort();
  return groups.map((group) => el('optgroup', { label: group },
    found.filter((r) => r.group === group).map((r) => el('option', { value: r.name }, `${r.name} — ${r.summary}`))));
}

/**
 * The fields of the parameters a resource needs (its path parameters and required options),
 * named with the command line's flags, and `--each` where the resource has a parent list.
 * @param {{params: {name: string, flag: string, hint: string, choices?: string[]}[], each?: string}|undefined} resource
 * @returns {HTMLElement[]}
 */
function resourceParamFields(resource) {
  if (!resource || resource.params.length === 0) return [el('p', { class: 'hint', id: 'export-no-params' }, 'This resource needs nothing more.')];
  const fields = resource.params.flatMap((p) => {
    const id = `export-param-${p.name}`;
    const input = p.choices
      ? el('select', { id, 'data-param': p.name }, p.choices.map((c) => el('option', { value: c }, c)))
      : el('input', { type: 'text', id, 'data-param': p.name });
    return [el('label', { for: id }, `${p.name} (${p.flag}): ${p.hint}`), input];
  });
  if (resource.each) {
    fields.push(el('label', { class: 'check' }, el('input', { type: 'checkbox', id: 'export-each' }),
      ` Or every item of ${resource.each}, into one file with its id column first (--each)`));
  }
  return fields;
}

/**
 * The page's `ccbulk export <resource>`: every resource of the catalogue, searchable and grouped;
 * the parameters it needs asked for; the export run by the server through the same code as the
 * command; the file offered for download.
 * @returns {Promise<HTMLElement>}
 */
async function resourceExportSection() {
  const resources = await api('/api/catalogue');
  const box = errorBox();
  box.id = 'export-resource-error';
  const search = el('input', { type: 'search', id: 'export-search', placeholder: 'queues, recordings, flows…' });
  const picker = el('select', { id: 'export-resource', size: 8 }, resourceOptions(resources, ''));
  const params = el('div', { id: 'export-params' });
  const format = el('select', { id: 'export-resource-format' }, el('option', { value: 'csv' }, 'CSV'), el('option', { value: 'xlsx' }, 'XLSX'));
  const result = el('p', { id: 'export-resource-result' });
  const chosen = () => resources.find((r) => r.name === picker.value);
  const showParams = () => params.replaceChildren(...resourceParamFields(chosen()));
  search.addEventListener('input', () => {
    picker.replaceChildren(...resourceOptions(resources, search.value));
    showParams();
  });
  picker.addEventListener('change', showParams);
  showParams();
  return el('section', { id: 'export-any' },
    el('h2', {}, `Any resource of the API (${resources.length})`),
    el('label', { for: 'export-search' }, 'Find a resource'), search,
    el('label', { for: 'export-resource' }, 'Resource'), picker,
    params,
    el('label', { for: 'export-resource-format' }, 'Format'), format,
    el('div', {}, el('button', { id: 'export-resource-start', onclick: async () => {
      try {
        // Nothing of an earlier export stays on screen while this one runs.
        box.textContent = '';
        result.textContent = '';
        if (!chosen()) throw new Error('Choose a resource first.');
        const given = Object.fromEntries([...params.querySelectorAll('[data-param]')].map((i) => [i.dataset.param, i.value]));
        const each = document.getElementById('export-each')?.checked === true;
        const done = await api('/api/export-resource', { method: 'POST', body: { resource: picker.value, params: given, format: format.value, each } });
        result.replaceChildren(`${done.rows} rows: `, el('a', { href: `/api/exports/${encodeURIComponent(done.name)}`, download: done.name, id: 'export-resource-download' }, `download ${done.name}`));
      } catch (e) { fail(box, e); }
    } }, 'Export')),
    result, box,
  );
}

/*
 * The banner on every step: the runs going now (from this tab or another), each with its
 * progress, a link to it and Stop; and, once one ends, how it ended (and a browser notification,
 * if the person asked for one). The server knows the runs: the banner asks it every second.
 */
const banner = document.getElementById('live');
/** The runs the banner shows, by id: their last view and their line's nodes. */
const shownRuns = new Map();
const LIVE_EVERY_MS = 1000;
/** Whether this page asked for notifications already: it asks once, on a click. */
let notifyAsked = false;

/**
 * The banner's status, a polite live region that is always in the page (one added with its
 * words is often not read): it says when a run starts and how it ended, once each. The progress
 * beside each run changes every second and is not live; the run's own step says it.
 * @param {string} words
 */
function said(words) {
  const status = document.getElementById('live-status');
  if (status) status.textContent = words;
}

/** A run's line in the banner: its title, its progress (updated in place), a link to it and Stop. */
function bannerLine(run) {
  const text = el('span', { class: 'live-progress' });
  const stop = el('button', { class: 'secondary live-stop', onclick: async () => {
    stop.dataset.keepDisabled = 'true';
    await api(`/api/runs/${run.id}/stop`, { method: 'POST', body: {} }).catch(() => undefined);
  } }, 'Stop (resumable)');
  const node = el('p', { class: 'live-run', 'data-run': run.id },
    el('strong', {}, `${runTitle(run)} is running: `), text, ' ', el('a', { href: runLink(run), class: 'live-open' }, 'Open it'), ' ', stop);
  return { node, text };
}

/**
 * The button that asks, on the person's click only, for a notification when a run ends: shown
 * while the browser has not been asked. Denied or unsupported, the banner alone says it.
 */
function notifyOffer() {
  if (notifyAsked || !('Notification' in window) || Notification.permission !== 'default') return null;
  const button = el('button', { class: 'secondary', id: 'live-notify', onclick: () => {
    // Asked once: the browser's answer (or a prompt left open) is not waited for.
    notifyAsked = true;
    button.remove();
    Promise.resolve()
      .then(() => Notification.requestPermission())
      .catch(() => undefined); // refused, or an old browser's callback form: the banner still says when it ends
  } }, 'Tell me when it ends');
  return button;
}

/** A browser notification that a run ended, if the person allowed them; nothing otherwise. */
function notifyEnded(run, words) {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  try {
    new Notification(`ccbulk: ${run.dryRun ? 'check' : 'run'} ${run.status}`, { body: words, tag: run.id });
  } catch {
    // Some browsers allow notifications only from a service worker: the banner says it anyway.
  }
}

/** How a run that was going ended, in the banner, with a link to it; and a notification. */
async function showEnded(previous) {
  const run = await api(`/api/runs/${previous.id}`).catch(() => undefined);
  if (!run) return;
  const how = run.status === 'stopped' ? `stopped: ${run.left ?? run.error ?? ''}` : run.status === 'failed' ? `failed: ${run.error ?? ''}` : 'finished';
  const words = `${runTitle(previous)} ${how}.`;
  const ended = el('p', { class: 'live-ended', id: 'live-ended', 'data-run': run.id, 'data-status': run.status }, words, ' ',
    el('a', { href: run.dryRun ? '#check' : run.status === 'done' ? `#result?id=${encodeURIComponent(run.id)}` : runLink(run) }, run.status === 'done' && !run.dryRun ? 'See the result' : 'Open it'));
  banner.querySelector('#live-ended')?.remove();
  banner.append(ended);
  banner.hidden = false;
  said(words);
  notifyEnded({ ...run, status: run.status === 'done' ? 'finished' : run.status }, words);
}

/** One look at the runs going: new ones get a line, going ones their progress, ended ones say how. */
async function refreshBanner() {
  const runs = await api('/api/live');
  const going = new Set(runs.map((r) => r.id));
  for (const [id, shown] of shownRuns) {
    if (going.has(id)) continue;
    shown.node.remove();
    shownRuns.delete(id);
    await showEnded(shown.run);
  }
  for (const run of runs) {
    let shown = shownRuns.get(run.id);
    if (!shown) {
      shown = bannerLine(run);
      shownRuns.set(run.id, shown);
      banner.querySelector('#live-ended')?.remove();
      banner.prepend(shown.node);
      said(`${runTitle(run)} is running.`);
    }
    shown.run = run;
    shown.text.textContent = progressText(run);
  }
  const offer = banner.querySelector('#live-notify');
  if (runs.length > 0 && !offer) {
    const button = notifyOffer();
    if (button) banner.append(button);
  } else if (runs.length === 0) offer?.remove();
  banner.hidden = banner.childElementCount === 0;
}

/** Keeps the banner current for as long as the page is open (a failed look is tried again). */
async function watchRuns() {
  try {
    await refreshBanner();
  } catch {
    // The server is away for a moment (or stopped): the next look says more.
  }
  setTimeout(watchRuns, LIVE_EVERY_MS);
}

/** Opened (or reloaded) with no step named while a run goes: land on that run, not on step 1. */
async function landOnRunningRun() {
  if (location.hash !== '' && location.hash !== '#') return;
  const runs = await api('/api/live').catch(() => []);
  const run = runs.find((r) => !r.dryRun) ?? runs[0];
  if (run) history.replaceState(null, '', runLink(run));
}

// Each page asked for, numbered: a page draws only while it is still the last one asked for.
let routes = 0;

async function route() {
  const name = (location.hash.slice(1) || 'job').split('?')[0];
  const page = pages[name] ?? pages.job;
  for (const link of document.querySelectorAll('.top a')) link.toggleAttribute('aria-current', link.getAttribute('href') === `#${name}`);
  for (const link of document.querySelectorAll('.top a[aria-current]')) link.setAttribute('aria-current', 'page');
  // A page still waiting on the server when another is asked for (a link, the address, the
  // banner) must not draw over that one once its answers come: the first page of a load, slow
  // to ask for its state, drew step 1 over a result opened a moment later.
  const mine = ++routes;
  const current = (...nodes) => {
    if (mine === routes) show(...nodes);
  };
  try {
    await page(current);
  } catch (error) {
    current(el('p', { class: 'error', role: 'alert' }, error.message));
  }
  if (mine === routes) main.focus();
}

window.addEventListener('hashchange', route);
landOnRunningRun().then(route);
watchRuns();
