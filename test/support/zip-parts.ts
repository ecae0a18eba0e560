import { open } from 'node:fs/promises';
import { openZipEntry, readZipDirectory } from '../../src/readers/zip-directory.js';

/** Each part of a zip (an XLSX workbook) by its name, read with the reader's own zip code. */
export async function zipParts(file: string): Promise<Map<string, Buffer>> {
  const handle = await open(file, 'r');
  const entries = await readZipDirectory(handle, (await handle.stat()).size);
  await handle.close();
  const parts = new Map<string, Buffer>();
  for (const entry of entries!.values()) {
    const chunks: Buffer[] = [];
    for await (const chunk of openZipEntry(file, entry)) chunks.push(chunk as Buffer);
    parts.set(entry.name, Buffer.concat(chunks));
  }
  return parts;
}
