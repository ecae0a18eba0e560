// The hostile workbooks of issue 14 point 7, built for the benchmark: a few MB on disk that
// inflate to hundreds of MB or GB. Parts are streamed through deflate into the file, never held
// whole, so building a 1 GB string costs the bench no memory. Like test/support/tiny-xlsx.ts the
// zip has a central directory and no CRCs (the XLSX reader reads parts through the directory and
// never checks them); unlike it, the sizes are patched into each local header afterwards.
import { open } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDeflateRaw } from 'node:zlib';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CHUNK = 1 << 20;

/**
 * Writes a zip of `parts`: each a string, or a function returning an iterable of strings (the
 * part's content in pieces). Resolves with the file's size and each part's inflated size.
 */
export async function writeStreamedZip(file, parts) {
  const handle = await open(file, 'w', 0o600);
  const directory = [];
  const inflated = {};
  let position = 0;
  const write = async (buffer) => {
    await handle.write(buffer, 0, buffer.length, position);
    position += buffer.length;
  };
  try {
    for (const [name, content] of Object.entries(parts)) {
      const nameBytes = Buffer.from(name, 'utf8');
      const offset = position;
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(8, 8);
      local.writeUInt16LE(nameBytes.length, 26);
      await write(Buffer.concat([local, nameBytes]));
      let size = 0;
      const pieces = typeof content === 'string' ? [content] : content();
      const source = Readable.from(
        (function* () {
          for (const piece of pieces) {
            const buffer = Buffer.from(piece, 'utf8');
            size += buffer.length;
            yield buffer;
          }
        })(),
      );
      const start = position;
      await pipeline(source, createDeflateRaw({ level: 9 }), new Writable({ write: (chunk, _enc, done) => write(chunk).then(() => done(), done) }));
      const compressed = position - start;
      if (size >= 2 ** 32) throw new Error(`part ${name} is ${size} bytes: zip64 is not written here`);
      const sizes = Buffer.alloc(8);
      sizes.writeUInt32LE(compressed, 0);
      sizes.writeUInt32LE(size, 4);
      await handle.write(sizes, 0, 8, offset + 18);
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE(20, 4);
      entry.writeUInt16LE(20, 6);
      entry.writeUInt16LE(8, 10);
      entry.writeUInt32LE(compressed, 20);
      entry.writeUInt32LE(size, 24);
      entry.writeUInt16LE(nameBytes.length, 28);
      entry.writeUInt32LE(offset, 42);
      directory.push(entry, nameBytes);
      inflated[name] = size;
    }
    const dir = Buffer.concat(directory);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(directory.length / 2, 8);
    end.writeUInt16LE(directory.length / 2, 10);
    end.writeUInt32LE(dir.length, 12);
    end.writeUInt32LE(position, 16);
    await write(Buffer.concat([dir, end]));
  } finally {
    await handle.close();
  }
  return { bytes: position, inflated };
}

/** A one-sheet workbook ('Contacts'): `sheetData` and `sharedStrings` are strings or piece generators. */
function writeWorkbook(file, { sheetData, sharedStrings }) {
  // A generator, never an array: spread, 150M strings' pieces would all be held at once.
  const wrap = (head, body, tail) =>
    function* () {
      yield head;
      yield* typeof body === 'string' ? [body] : body();
      yield tail;
    };
  return writeStreamedZip(file, {
    'xl/workbook.xml': `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
      (sharedStrings === undefined ? '' : `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`) +
      `</Relationships>`,
    'xl/worksheets/sheet1.xml': wrap(`<worksheet xmlns="${MAIN}"><sheetData>`, sheetData, '</sheetData></worksheet>'),
    ...(sharedStrings === undefined ? {} : { 'xl/sharedStrings.xml': wrap(`<sst xmlns="${MAIN}">`, sharedStrings, '</sst>') }),
  });
}

const inline = (ref, text) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const HEADER_ROW = `<row r="1">${inline('A1', 'First Name')}${inline('B1', 'Phone')}</row>`;
/** A sheet whose rows point at shared strings 0 and 1: what a real workbook would read from the table. */
const SHARED_ROWS = `${HEADER_ROW}<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>`;

/** Pieces of about 1 MB: `count` repetitions of what `at(i)` gives. */
function* pieces(count, at) {
  let piece = '';
  for (let i = 0; i < count; i++) {
    piece += at(i);
    if (piece.length >= CHUNK) {
      yield piece;
      piece = '';
    }
  }
  if (piece !== '') yield piece;
}

/** A small deterministic PRNG (an LCG): the same file on every run. */
function lcg(seed) {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/**
 * The four workbooks, by name: each `{build(file), what, nodeOptions?}`. Sizes in the comments
 * are what they come to on disk.
 */
export const HOSTILE_WORKBOOKS = {
  // ~6 MB: 150 million tiny <si> elements (one in 40 with an empty text, so that deflate has
  // something to say and the part inflates ~130×, under the ratio limit: the count limit is
  // what must stop it).
  'many-strings': {
    what: '150M shared strings',
    build: (file) => {
      const random = lcg(1);
      return writeWorkbook(file, { sheetData: SHARED_ROWS, sharedStrings: () => pieces(150_000_000, () => (random() < 0.025 ? '<si><t/></si>' : '<si/>')) });
    },
  },
  // ~1 MB: one shared string of 1 GB (a name repeated).
  'huge-string': {
    what: 'one 1 GB shared string',
    build: (file) =>
      writeWorkbook(file, {
        sheetData: SHARED_ROWS,
        sharedStrings: function* () {
          yield '<si><t>';
          yield* pieces(1_000_000_000 / 13, () => 'Contact name ');
          yield '</t></si>';
        },
      }),
  },
  // ~280 KB inflated: 20,000 ordinary rows, then one whose only cell is in column XFD (16,384).
  'far-column': {
    what: '20k rows, one cell in column XFD',
    build: (file) =>
      writeWorkbook(file, {
        sheetData: () => [
          `${HEADER_ROW}`,
          ...pieces(20_000, (i) => `<row r="${i + 2}">${inline(`A${i + 2}`, `Ada ${i}`)}${inline(`B${i + 2}`, `+1206${String(2010000 + i)}`)}</row>`),
          `<row r="20002">${inline('XFD20002', 'far')}</row>`,
        ],
      }),
  },
  // ~2 MB: 400 MB of shared strings, 1 KB each (400,000 of them, under the count limit; ~190×,
  // under the ratio limit): the size limit for all strings together is what must stop it, and
  // under a 200 MB heap, before the heap runs out.
  'strings-400mb': {
    what: '400 MB of shared strings',
    nodeOptions: '--max-old-space-size=200',
    build: (file) => writeWorkbook(file, { sharedStrings: () => pieces(400_000, (i) => `<si><t>${'Contact name '.repeat(77)}${i}</t></si>`), sheetData: SHARED_ROWS }),
  },
};
