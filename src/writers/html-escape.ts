/**
 * Text made safe to put into HTML, in element content and in quoted attribute values alike:
 * file names, reasons and cells come from the input file and are hostile until escaped.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
