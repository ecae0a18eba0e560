import { createRequire } from 'node:module';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * exceljs, with its streaming reader's text decoding fixed. The streaming reader turns each
 * inflated chunk of a sheet's XML into a string on its own, so a character whose UTF-8 bytes
 * straddle two chunks becomes U+FFFD — about one cell in a few thousand with non-Latin text or
 * emoji (exceljs#2063, #2084, #2316; the fixes #1665 and #2081 were never merged). Its
 * `lib/utils/parse-sax.js` is replaced here, before exceljs is loaded, by the same parser fed
 * through a StringDecoder, which carries a split character over to the next chunk.
 *
 * Every module of ccbulk that uses exceljs imports it from here.
 */
const require = createRequire(import.meta.url);
const root = path.dirname(require.resolve('exceljs/package.json'));
const parseSaxPath = path.join(root, 'lib', 'utils', 'parse-sax.js');

interface SaxParser {
  on(event: string, listener: (value: unknown) => void): void;
  write(text: string): void;
}
const { SaxesParser } = createRequire(parseSaxPath)('saxes') as { SaxesParser: new () => SaxParser };

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

async function* parseSax(iterable: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
  const source: AsyncIterable<Buffer | string> =
    typeof iterable.pipe === 'function' && !(Symbol.asyncIterator in iterable)
      ? (iterable as unknown as NodeJS.ReadableStream).pipe(new PassThrough())
      : iterable;
  const parser = new SaxesParser();
  let error: unknown;
  let events: SaxEvent[] = [];
  parser.on('error', (e) => (error = e));
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.end();
  if (rest !== '') {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

// Modules of exceljs loaded before this one (by someone importing exceljs directly) hold the
// old parser: drop them from the cache, so that the copy loaded below is built on the fixed one.
// Only lib/: the package's entry file stays, since Node's ESM loader keeps a hold on it for
// whoever imported `exceljs` as a module; it merely re-exports lib/exceljs.nodejs.js.
const lib = path.join(root, 'lib') + path.sep;
for (const key of Object.keys(require.cache)) if (key.startsWith(lib)) delete require.cache[key];
require(parseSaxPath);
require.cache[parseSaxPath]!.exports = parseSax;

const ExcelJS = require(path.join(root, 'lib', 'exceljs.nodejs.js')) as typeof import('exceljs');
export default ExcelJS;
