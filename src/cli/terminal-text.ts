/**
 * Text from files and servers (a header named `ESC]0;…BEL`, a sheet name, Zoom's message) is
 * printed to a terminal, which would obey the control sequences in it: retitle the window, move
 * the cursor, hide what came before, or worse on old terminals. Everything a printer of the CLI
 * writes goes through {@link printable}.
 */

// C0 controls but tab and newline, DEL, and the C1 controls (U+0080–U+009F, CSI among them).
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `text` with every C0 control except tab and newline, DEL and every C1 control removed. */
export function printable(text: string): string {
  return text.replace(CONTROLS, '');
}
