import { describe, expect, it } from 'vitest';
import { csvLine } from './csv.js';

describe('csvLine', () => {
  it('quotes cells holding commas, quotes or line breaks, and ends the line with CRLF', () => {
    expect(csvLine(['plain', 'a,b', 'say "hi"', 'two\nlines', null, undefined, 7])).toBe('plain,"a,b","say ""hi""","two\nlines",,,7\r\n');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    // "-1e3" and "-12." are numbers to a spreadsheet too, but not plain ones: they keep the apostrophe.
    for (const cell of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\tcmd', '-', '-1e3', '-12.', '- 5']) {
      expect(csvLine([cell]), JSON.stringify(cell)).toBe(`'${cell}\r\n`);
    }
    expect(csvLine(['\rcmd'])).toBe(`"'\rcmd"\r\n`);
    // Full-width forms, which East Asian spreadsheets take for the ASCII ones, and leading spaces.
    for (const cell of ['\uFF1D1+1', '\uFF0BSUM(A1)', '\uFF0D2', '\uFF20SUM(A1)', ' =1+1', '\u3000=1+1', '  @x']) {
      expect(csvLine([cell]), JSON.stringify(cell)).toBe(`'${cell}\r\n`);
    }
    expect(csvLine(['=HYPERLINK("http://x")'])).toBe(`"'=HYPERLINK(""http://x"")"\r\n`);
  });

  it('leaves plain numbers alone, negative ones included, so exported amounts stay numbers', () => {
    expect(csvLine([-12.5, '-12.5', '-3', -3, '0', '42.75', 0])).toBe('-12.5,-12.5,-3,-3,0,42.75,0\r\n');
  });
});
