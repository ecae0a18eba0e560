import type { CatalogueColumn } from '../zoom/catalogue-entry.js';

/**
 * One item of a catalogue resource as cells in its columns' order: nested values are looked up
 * by their dotted path, arrays of values joined with `; ` (as the contact exports join two
 * numbers of one type), arrays of objects written as JSON text, so nothing the API returned is
 * lost even where a spreadsheet has no shape for it. Missing and null values are empty cells.
 */
export function resourceCells(item: Readonly<Record<string, unknown>>, columns: readonly CatalogueColumn[]): string[] {
  return columns.map((column) => {
    let value: unknown = item;
    for (const key of column.path) {
      value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    }
    return cellText(value, column.shape);
  });
}

function cellText(value: unknown, shape: CatalogueColumn['shape']): string {
  if (value === undefined || value === null) return '';
  if (shape === 'list' && Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('; ');
  if (typeof value === 'object') return Array.isArray(value) && value.length === 0 && shape === 'json' ? '' : JSON.stringify(value);
  return String(value);
}
