// The CSV ceiling: csv-parse alone streaming the same file into records, nothing else.
// Args: {file}.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { finish, taskArgs } from '../lib/child.mjs';

const { file } = taskArgs();
const started = performance.now();
let rows = -1; // the header line is not a row
for await (const _record of createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }))) rows++;
const elapsedMs = performance.now() - started;
finish({ rows, elapsedMs, rowsPerSecond: rows / (elapsedMs / 1000) });
