// One XLSX measurement: `tool` ccbulk (openTable / openExportSink) or exceljs (its streaming
// WorkbookReader / WorkbookWriter alone, configured as ccbulk configures them), `op` read or
// write, of a `rows`-row sheet of the generated contacts (E.164 phones, as an export has them).
// Args: {tool, op, file, rows}.
import { createWriteStream } from 'node:fs';
import ExcelJS from '../../dist/exceljs.js';
import { openTable } from '../../dist/readers/open-table.js';
import { openExportSink } from '../../dist/writers/open-export-sink.js';
import { CONTACT_HEADER, contactRow } from '../lib/data.mjs';
import { finish, taskArgs } from '../lib/child.mjs';

const { tool, op, file, rows } = taskArgs();
const started = performance.now();
let count = 0;
if (op === 'write' && tool === 'ccbulk') {
  const sink = await openExportSink(file);
  await sink.startSheet('contacts', CONTACT_HEADER.map((name) => ({ name, kind: /phone|mobile/i.test(name) ? 'phone' : 'text' })));
  for (; count < rows; count++) await sink.writeRow(contactRow(count, { e164: true }));
  await sink.commit();
} else if (op === 'write') {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: createWriteStream(file), useSharedStrings: false, useStyles: true });
  const sheet = book.addWorksheet('contacts');
  sheet.addRow(CONTACT_HEADER).commit();
  for (; count < rows; count++) sheet.addRow(contactRow(count, { e164: true })).commit();
  sheet.commit();
  await book.commit();
} else if (tool === 'ccbulk') {
  const table = await openTable(file);
  for await (const item of table.items) if (item.kind === 'row') count++;
} else {
  const book = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  for await (const sheet of book) {
    for await (const row of sheet) {
      // Touch every cell's value, as any consumer must.
      if (row.number > 1 && row.values.length > 0) count++;
    }
  }
}
const elapsedMs = performance.now() - started;
finish({ tool, op, rows: count, elapsedMs, rowsPerSecond: count / (elapsedMs / 1000) });
