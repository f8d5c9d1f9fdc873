// Text the CLI prints from names it was given: a file name may hold a newline or a terminal
// control sequence, which must not split the one error line or drive the terminal.

/** `text` with each control character written as \n, \t, \r or \xHH. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\t') return '\\t';
    if (ch === '\r') return '\\r';
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
