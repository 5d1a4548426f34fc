/**
 * A cell a spreadsheet may run as a formula: one starting with = + - @, a tab or a carriage
 * return, also after leading spaces (LibreOffice trims them on import), and the full-width forms
 * ＝ ＋ － ＠, which spreadsheets in East Asian locales take for the ASCII ones as people type them
 * (and an outside probe found left as they were). Cheap to refuse and harmless to a real value:
 * the apostrophe only shows the cell as text.
 */
const FORMULA_START = /^[ \u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;

/**
 * One CSV line (RFC 4180 quoting). A cell that a spreadsheet would run as a formula
 * (`FORMULA_START`) gets a leading apostrophe, so exported data cannot execute. A cell that is a
 * plain number ("-12.5") is left as it is: it cannot be a formula, and the apostrophe would turn
 * an exported amount into text.
 */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return (
    values
      .map((v) => {
        let s = v === null || v === undefined ? '' : String(v);
        if (FORMULA_START.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
        return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      })
      .join(',') + '\r\n'
  );
}
