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

const JOBS = { 'address-book': 'Address book', 'campaign-contacts': 'Campaign contact list', dnc: 'DNC list' };

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
  async job() {
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
      if (sync && job.value !== 'dnc') {
        parts.push(el('label', { for: 'job-key' }, 'Match rows to contacts by'),
          el('select', { id: 'job-key' }, [['', 'the file’s columns (contact id, else account number, else numbers and e-mails)'], ['contact_id', 'contact id'], ['account_number', 'account number'], ['email', 'e-mail'], ['phone', 'phone number']]
            .map(([value, label]) => el('option', { value, selected: (saved.key ?? '') === value }, label))));
      }
      if (sync) {
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
      if (mode.value === 'sync') {
        if (value('job-key') !== '') picked.key = value('job-key');
        picked.deleteMissing = document.getElementById('job-delete-missing')?.checked === true;
        if (value('job-max-delete') !== '') picked.maxDelete = value('job-max-delete');
      }
      if (value('job-max-rejects') !== '') picked.maxRejects = value('job-max-rejects');
      return picked;
    };
    const load = async () => {
      const { modes, targets } = await api(`/api/targets?job=${encodeURIComponent(job.value)}`);
      mode.replaceChildren(...modes.map((m) => el('option', { value: m, selected: state.job?.mode === m }, m)));
      target.replaceChildren(...targets.map((t) => el('option', { value: t.id, selected: state.job?.target === t.id }, t.size === undefined ? t.name : `${t.name} (${t.size} contacts)`)));
      dncLists = job.value === 'campaign-contacts' ? (await api('/api/targets?job=dnc')).targets : [];
      showOptions();
    };
    job.addEventListener('change', () => load().catch((e) => fail(box, e)));
    mode.addEventListener('change', showOptions);
    await load();
    show(
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

  async upload() {
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
    show(
      el('h1', {}, '2. Upload a CSV or XLSX file'),
      state.upload ? el('p', { id: 'upload-current' }, `Uploaded: ${state.upload.name} (${state.upload.size} bytes)`) : el('p', {}, 'No file yet.'),
      el('label', { for: 'upload-file' }, state.upload ? 'Another file' : 'File'), input,
      ...(sheet === undefined ? [] : [el('label', { for: 'upload-sheet' }, 'Sheet of the workbook'), sheet]),
      el('div', {}, el('button', { id: 'upload-next', onclick: async () => {
        try {
          const file = input.files?.[0];
          if (file) {
            const answer = await api('/api/upload', { method: 'POST', raw: file, headers: { 'content-type': 'application/octet-stream', 'x-ccbulk-upload': '1', 'x-file-name': encodeURIComponent(file.name) } });
            // A workbook with more than one tab: stay, so that the sheet can be picked.
            if ((answer.upload.sheets ?? []).length > 1) return await pages.upload();
          } else if (!state.upload) throw new Error('Choose a file first.');
          else if (sheet !== undefined && sheet.value !== chosen) await api('/api/sheet', { method: 'POST', body: { sheet: sheet.value } });
          location.hash = '#mapping';
        } catch (e) { fail(box, e); }
      } }, 'Next: the mapping')),
      box,
    );
  },

  async mapping() {
    const view = await api('/api/mapping');
    const box = errorBox();
    const selects = view.columns.map((column, i) =>
      el('select', { id: `map-${i}`, 'data-header': column.header, 'aria-label': `Field for column ${column.header}` },
        el('option', { value: '', selected: column.field === '' || column.field === null }, '(not used)'),
        view.fields.map((f) => el('option', { value: f, selected: column.field === f }, f))),
    );
    const country = el('input', { type: 'text', id: 'map-country', value: view.country, maxlength: 2, size: 3 });
    const mapOf = () => Object.fromEntries(selects.map((s) => [s.dataset.header, s.value === '' ? null : s.value]));
    const save = async () => api('/api/mapping', { method: 'POST', body: { map: mapOf(), country: country.value } });
    const loader = el('input', { type: 'file', id: 'map-load', accept: '.json,application/json' });
    loader.addEventListener('change', async () => {
      try {
        const map = JSON.parse(await loader.files[0].text());
        for (const s of selects) if (s.dataset.header in map) s.value = map[s.dataset.header] ?? '';
      } catch (e) { fail(box, e); }
    });
    show(
      el('h1', {}, '3. Check the mapping'),
      el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Column'), el('th', { scope: 'col' }, 'Sample values'), el('th', { scope: 'col' }, 'Field'))),
        el('tbody', {}, view.columns.map((c, i) => el('tr', {}, el('th', { scope: 'row' }, c.header), el('td', { class: 'samples' }, c.samples.join(' · ')), el('td', {}, selects[i]))))),
      el('label', { for: 'map-country' }, 'Default country of numbers written without one (ISO code)'), country,
      el('label', { for: 'map-load' }, 'Load a mapping (the JSON --map reads)'), loader,
      el('div', {},
        el('button', { id: 'map-next', onclick: async () => { try { await save(); location.hash = '#check'; } catch (e) { fail(box, e); } } }, 'Save and check the whole file'),
        el('button', { class: 'secondary', id: 'map-download', onclick: () => {
          const link = el('a', { href: URL.createObjectURL(new Blob([JSON.stringify(mapOf(), null, 2)], { type: 'application/json' })), download: 'map.json' });
          link.click();
        } }, 'Download as map.json')),
      box,
    );
  },

  async check() {
    const state = await api('/api/state');
    const box = errorBox();
    const body = el('div', { id: 'check-body' });
    const start = async () => {
      const { id } = await api('/api/check', { method: 'POST', body: {} });
      await follow(id, body);
      await showCheck(id, body);
    };
    show(
      el('h1', {}, '4. Check: a dry run over the whole file'),
      el('p', {}, 'Nothing is written to Zoom: every row is read, checked and looked up, and the page says what the real run would do.'),
      el('button', { id: 'check-start', onclick: () => start().catch((e) => fail(box, e)) }, state.check ? 'Check again' : 'Check the file'),
      box, body,
    );
    if (state.check) await showCheck(state.check, body);
  },

  async run() {
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
    show(
      el('h1', {}, '5. Run'),
      el('p', {}, state.job ? `Import into ${JOBS[state.job.job]} “${state.job.targetName}” (${state.job.mode}).` : 'Choose a job first.'),
      deletes && (deletes.error !== undefined || deletes.count > 0)
        ? deleteConfirmation(deletes, state.job?.targetName ?? '', ready, start)
        : el('button', { id: 'run-start', disabled: !ready, onclick: () => start(undefined) }, 'Start the import'),
      box, body,
    );
    if (shown) await live(shown, body, shown === state.run ? '#result' : `#result?id=${encodeURIComponent(shown)}`);
  },

  async result() {
    const state = await api('/api/state');
    const id = hashParam('id') ?? state.run;
    if (!id) return show(el('h1', {}, '6. Result'), el('p', {}, 'No run yet.'));
    await showResult(id);
  },

  async runs() {
    const runs = await api('/api/runs');
    // Listed as it was when asked: a run going now is `running`, and says how it ended once it has.
    show(
      el('h1', {}, 'Past runs'),
      runs.length === 0 ? el('p', {}, 'None yet.') :
      el('table', { id: 'runs' }, el('thead', {}, el('tr', {}, ['Run', 'Outcome', 'Job', 'File', 'Rows', 'Succeeded', 'Rejected', ''].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, runs.map((r) => el('tr', {},
          el('td', {}, r.id), el('td', {}, r.outcome), el('td', {}, `${r.job} ${r.mode}${r.dryRun ? ' (check)' : ''}`), el('td', {}, r.input),
          el('td', {}, String(r.rows)), el('td', {}, String(r.succeeded)), el('td', {}, String(r.rejected)),
          el('td', {}, r.outcome === 'running' ? el('a', { href: runLink(r), class: 'open-run' }, 'Open it') : el('a', { href: `/api/runs/${r.id}/files/report.html`, target: '_blank' }, 'Report'), ' ',
            r.resumable ? el('button', { class: 'secondary', onclick: async () => { await api(`/api/runs/${r.id}/resume`, { method: 'POST', body: {} }); location.hash = runLink(r); } }, 'Resume') : '')))))
    );
  },

  async export() {
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
    show(
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
    );
  },
};

/** Waits for a run to end, showing its progress. */
function follow(id, body) {
  return new Promise((resolve) => {
    const events = new EventSource(`/api/runs/${id}/events`);
    events.onmessage = (message) => {
      const run = JSON.parse(message.data);
      if (run.progress) body.replaceChildren(el('p', { id: 'progress-text' }, `${progressText(run)}…`));
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
  const page = async (n) => {
    const r = await api(`/api/runs/${id}/rejects?page=${n}`);
    const lineAt = r.header.indexOf('_line');
    const stageAt = r.header.indexOf('_stage');
    const reasonAt = r.header.indexOf('_reason');
    list.replaceChildren(
      el('table', {}, el('thead', {}, el('tr', {}, ['Line', 'Stage', 'Reasons'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, r.rows.map((row) => el('tr', {}, el('td', {}, row[lineAt] ?? ''), el('td', {}, row[stageAt] ?? ''), el('td', {}, row[reasonAt] ?? ''))))),
      el('p', {}, `Page ${r.pages === 0 ? 0 : n + 1} of ${r.pages} (${r.total} rejected rows) `,
        el('button', { class: 'secondary', disabled: n === 0, onclick: () => page(n - 1) }, 'Previous'),
        el('button', { class: 'secondary', disabled: n + 1 >= r.pages, onclick: () => page(n + 1) }, 'Next')),
    );
  };
  body.replaceChildren(
    stats([['rows', 'Rows read', s.rows], ['succeeded', 'Would succeed', s.succeeded], ['rejected', 'Rejected', s.rejected], ['plannedWrites', 'Write requests', s.plannedWrites]]),
    el('p', {}, el('a', { href: `/api/runs/${id}/files/report.html`, target: '_blank', id: 'check-report' }, 'The check’s report (charts, reasons, plan)'), ' · ',
      el('a', { href: `/api/runs/${id}/files/rejects.csv`, id: 'check-rejects', download: 'rejects.csv' }, 'Download rejects.csv')),
    el('h2', {}, 'Rejected rows'), list,
    el('a', { class: 'button', href: '#run', id: 'check-next' }, 'Next: run it'),
  );
  await page(0);
}

/** Live progress of a run, with Stop; then its result, at `resultHash`. */
async function live(id, body, resultHash) {
  const bar = el('progress', { id: 'run-progress', max: 1, value: 0 });
  const text = el('p', { id: 'run-text' });
  const stop = el('button', { id: 'run-stop', class: 'secondary', onclick: async () => { stop.dataset.keepDisabled = 'true'; await api(`/api/runs/${id}/stop`, { method: 'POST', body: {} }).catch(() => undefined); } }, 'Stop (resumable)');
  body.replaceChildren(bar, text, stop);
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

async function showResult(id) {
  const run = await api(`/api/runs/${id}`);
  if (run.status === 'running') return show(el('h1', {}, '6. Result'), el('p', { id: 'result-running' }, 'The run is still going: ', el('a', { href: runLink(run) }, 'follow it'), '.'));
  const s = run.summary ?? {};
  show(
    el('h1', {}, '6. Result'),
    stats([['rows', 'Rows read', s.rows], ['succeeded', 'Succeeded', s.succeeded], ['rejected', 'Rejected', s.rejected], ['requests', 'Requests', s.requests], ['rateLimited', '429 answers', s.rateLimited]]),
    el('p', {}, ['results.csv', 'rejects.csv', 'summary.json', 'report.html'].map((name) => [el('a', { class: 'button secondary', href: `/api/runs/${id}/files/${name}`, id: `download-${name.replace('.', '-')}`, ...(name === 'report.html' ? { target: '_blank' } : { download: name }) }, name), ' '])),
    el('iframe', { class: 'report', title: 'The run’s report', src: `/api/runs/${id}/files/report.html` }),
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

async function route() {
  const name = (location.hash.slice(1) || 'job').split('?')[0];
  const page = pages[name] ?? pages.job;
  for (const link of document.querySelectorAll('.top a')) link.toggleAttribute('aria-current', link.getAttribute('href') === `#${name}`);
  for (const link of document.querySelectorAll('.top a[aria-current]')) link.setAttribute('aria-current', 'page');
  try {
    await page();
  } catch (error) {
    show(el('p', { class: 'error', role: 'alert' }, error.message));
  }
  main.focus();
}

window.addEventListener('hashchange', route);
landOnRunningRun().then(route);
watchRuns();
