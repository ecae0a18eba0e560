import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, Transform, pipeline, type Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

/**
 * A zip's central directory, read without any zip library: the XLSX reader streams just the
 * sheet it needs from it (exceljs's own pass over the zip drops entries, exceljs#3064), and
 * the file-type check uses it to tell a workbook from a damaged zip.
 */

/** Where one part of a zip is, from its central-directory record. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly localHeaderOffset: number;
}

const ZIP_END = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP_DIRECTORY_ENTRY = 0x02014b50;
const ZIP_LOCAL_HEADER = 0x04034b50;
/** The end-of-central-directory record is 22 bytes plus a comment of up to 64 KiB. */
const ZIP_END_SEARCH = 22 + 0xffff;
/** A 32-bit size or offset with this value (a 16-bit count with 0xffff) is in the ZIP64 records. */
const ZIP64_MARK = 0xffffffff;

/** An open file. */
export type FileHandle = Awaited<ReturnType<typeof open>>;

/** Up to `length` bytes of a file from `position`. */
export async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** A 64-bit little-endian number, which for any real file fits a double exactly. */
function readUInt64(buffer: Buffer, at: number): number {
  return Number(buffer.readBigUInt64LE(at));
}

/**
 * The entries of a zip by name, from its central directory (ZIP64 included), or undefined when
 * the directory is missing or points outside the file: the mark of a truncated or damaged zip.
 */
export async function readZipDirectory(handle: FileHandle, size: number): Promise<Map<string, ZipEntry> | undefined> {
  const damaged = (): undefined => undefined;
  {
    const tailStart = Math.max(0, size - ZIP_END_SEARCH);
    const tail = await readAt(handle, tailStart, size - tailStart);
    let end = -1;
    for (let i = tail.length - 22; i >= 0 && end === -1; i--) if (tail.readUInt32LE(i) === ZIP_END) end = i;
    if (end === -1) return damaged();
    let directorySize = tail.readUInt32LE(end + 12);
    let directoryOffset = tail.readUInt32LE(end + 16);
    if (directoryOffset === ZIP64_MARK || directorySize === ZIP64_MARK || tail.readUInt16LE(end + 10) === 0xffff) {
      const locator = await readAt(handle, tailStart + end - 20, 20);
      if (locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_END_LOCATOR) return damaged();
      const record = await readAt(handle, readUInt64(locator, 8), 56);
      if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_END) return damaged();
      directorySize = readUInt64(record, 40);
      directoryOffset = readUInt64(record, 48);
    }
    if (directoryOffset + directorySize > size) return damaged();
    const directory = await readAt(handle, directoryOffset, directorySize);
    const entries = new Map<string, ZipEntry>();
    for (let i = 0; i + 46 <= directory.length && directory.readUInt32LE(i) === ZIP_DIRECTORY_ENTRY; ) {
      const nameLength = directory.readUInt16LE(i + 28);
      const extraLength = directory.readUInt16LE(i + 30);
      const commentLength = directory.readUInt16LE(i + 32);
      const name = directory.toString('utf8', i + 46, i + 46 + nameLength);
      let compressedSize = directory.readUInt32LE(i + 20);
      const uncompressedSize = directory.readUInt32LE(i + 24);
      let localHeaderOffset = directory.readUInt32LE(i + 42);
      // The ZIP64 extra field holds, in this order, only the values marked 0xffffffff above.
      for (let x = i + 46 + nameLength; x + 4 <= i + 46 + nameLength + extraLength; ) {
        const id = directory.readUInt16LE(x);
        const length = directory.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let at = x + 4;
          if (uncompressedSize === ZIP64_MARK) at += 8;
          if (compressedSize === ZIP64_MARK) (compressedSize = readUInt64(directory, at)), (at += 8);
          if (localHeaderOffset === ZIP64_MARK) localHeaderOffset = readUInt64(directory, at);
        }
        x += 4 + length;
      }
      entries.set(name, {
        name,
        method: directory.readUInt16LE(i + 10),
        flags: directory.readUInt16LE(i + 8),
        compressedSize,
        localHeaderOffset,
      });
      i += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }
}

/**
 * How far one entry may inflate: a few KB of deflate can stand for gigabytes (a zip bomb), and
 * the parts a reader keeps whole (shared strings, styles) would take all memory.
 */
export interface ZipEntryLimits {
  /** Most bytes the entry may inflate to. */
  readonly maxBytes: number;
  /** Most inflated bytes per compressed byte, once past `ratioFloorBytes`. */
  readonly maxRatio: number;
  /** Inflated size under which any ratio is accepted (small parts compress very well). */
  readonly ratioFloorBytes: number;
  /** The error to end the stream with, given which limit was passed and its value. */
  readonly fail: (limit: 'bytes' | 'ratio', value: number) => Error;
}

/** A pass-through that ends with `limits.fail` once more bytes went through it than allowed. */
function inflateGuard(entry: ZipEntry, limits: ZipEntryLimits): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total > limits.maxBytes) return done(limits.fail('bytes', limits.maxBytes));
      if (total > limits.ratioFloorBytes && total > limits.maxRatio * Math.max(1, entry.compressedSize)) {
        return done(limits.fail('ratio', limits.maxRatio));
      }
      done(null, chunk);
    },
  });
}

/**
 * One entry's content, inflated as it streams from the file, within `limits` when given. The local header is read first, for
 * its name and extra-field lengths, which may differ from the central directory's. Errors (a
 * damaged entry, a vanished file) come out of the returned stream.
 */
export function openZipEntry(path: string, entry: ZipEntry, limits?: ZipEntryLimits): Readable {
  const output = new PassThrough();
  void (async () => {
    if ((entry.flags & 0x1) !== 0) throw new Error(`its part ${entry.name} is encrypted`);
    if (entry.method !== 0 && entry.method !== 8) throw new Error(`its part ${entry.name} is compressed with method ${entry.method}`);
    const handle = await open(path, 'r');
    let header: Buffer;
    try {
      header = await readAt(handle, entry.localHeaderOffset, 30);
    } finally {
      await handle.close();
    }
    if (header.length < 30 || header.readUInt32LE(0) !== ZIP_LOCAL_HEADER) throw new Error(`its part ${entry.name} is not where the zip's directory says`);
    const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (entry.compressedSize === 0) {
      output.end();
      return;
    }
    const file = createReadStream(path, { start, end: start + entry.compressedSize - 1 });
    // pipeline destroys every stage, the file included, when the reader stops early or one fails.
    const stages: (Readable | Transform | PassThrough)[] = [file];
    if (entry.method === 8) stages.push(createInflateRaw());
    if (limits !== undefined) stages.push(inflateGuard(entry, limits));
    pipeline([...stages, output], () => undefined);
  })().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}
