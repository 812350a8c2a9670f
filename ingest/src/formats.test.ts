import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestError } from './errors.js';
import { firstInvalidUtf8, headerHas, jsonErrorOffset, parseDelimited, parseJson, parseJson5, readInput } from './formats.js';

const dir = mkdtempSync(join(tmpdir(), 'rg-formats-'));
function file(name: string, content: string | Buffer) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('readInput', () => {
  it('drops a UTF-8 BOM and keeps the text', () => {
    const input = readInput(file('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\nŁódź,1\n')])));
    expect(input.text).toBe('a,b\nŁódź,1\n');
    expect(input.binary).toBe(false);
  });

  it('names the line, column and byte of the first byte that is not UTF-8', () => {
    // "Kraków" with ó in Windows-1250 (0xF3) on line 3.
    const path = file('cp1250.csv', Buffer.concat([Buffer.from('a,b\nx,1\nKrak'), Buffer.from([0xf3]), Buffer.from('w,2\n')]));
    expect(() => readInput(path)).toThrow(IngestError);
    expect(() => readInput(path)).toThrow(/cp1250\.csv:3:5: not UTF-8: byte 0xf3 at byte offset 12/);
  });

  it('refuses UTF-16 by name, and passes zip containers (xlsx) through as binary', () => {
    expect(() => readInput(file('utf16.csv', Buffer.from('\ufeffa,b', 'utf16le')))).toThrow(/UTF-16/);
    const zip = readInput(file('book.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0xff])));
    expect(zip.binary).toBe(true);
    expect(zip.text).toBe('');
  });

  it('tells a missing file from an unreadable one', () => {
    expect(() => readInput(join(dir, 'nope.csv'))).toThrow(/nope\.csv: cannot read \(ENOENT\)/);
  });
});

describe('firstInvalidUtf8', () => {
  it('accepts multi-byte characters and rejects overlong, truncated and surrogate forms', () => {
    expect(firstInvalidUtf8(Buffer.from('Ţară 🙂 Україна'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0x42, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
  });
});

describe('parseDelimited', () => {
  it('reads quotes, doubled quotes and newlines inside quotes, and gives each row its first line', () => {
    const input = readInput(file('q.csv', 'id,name,note\n1,"Gmina ""Nowa""",x\n\n2,"two\nlines",y\r\n3,plain,\n'));
    const { header, rows } = parseDelimited(input);
    expect(header).toEqual(['id', 'name', 'note']);
    expect(rows.map((r) => [r.line, r.record.name])).toEqual([
      [2, 'Gmina "Nowa"'],
      [4, 'two\nlines'],
      [6, 'plain'],
    ]);
  });

  it('names the line where the row with an unterminated quote starts', () => {
    const input = readInput(file('u.csv', 'a;b\n1;2\n3;"open\n4;5\n'));
    expect(() => parseDelimited(input, ';')).toThrow(/u\.csv:3: unterminated quoted field: a quote opened in the row of line 3/);
  });

  it('starts a row after a multi-line cell on its own line, and keeps quotes inside unquoted cells', () => {
    const input = readInput(file('m.csv', 'id,name\r\n1,"a\r\nb\r\nc"\r\n\r\n2,ab"c\r\n3,"x, y"\r\n'));
    const { rows } = parseDelimited(input);
    expect(rows.map((r) => [r.line, r.record.id, r.record.name])).toEqual([
      [2, '1', 'a\r\nb\r\nc'],
      [6, '2', 'ab"c'],
      [7, '3', 'x, y'],
    ]);
  });

  it('reads TSV without quote handling when told, and rows shorter than the header', () => {
    const input = readInput(file('k.tsv', 'Country\tName\tBudget\nBulgaria\t"Зора-ЕС" ЕООД\t10\nPoland\t"open\n'));
    expect(() => parseDelimited(input, '\t')).toThrow(/k\.tsv:3: unterminated quoted field/);
    const { rows } = parseDelimited(input, '\t', { quotes: false });
    expect(rows.map((r) => [r.line, r.record.Name, r.record.Budget])).toEqual([
      [2, '"Зора-ЕС" ЕООД', '10'],
      [3, '"open', ''],
    ]);
  });

  it('finds column names in a quoted header, and none in a header that is not delimited text', () => {
    expect(headerHas(readInput(file('h.csv', '"id","a, b"\n1,2\n')), ',', ['id', 'a, b'])).toBe(true);
    expect(headerHas(readInput(file('h2.csv', '"id,a\n')), ',', ['id'])).toBe(false);
  });
});

describe('JSON errors', () => {
  it("keeps V8's exact position where it gives one, which points inside a token", () => {
    // A raw line break inside a string: V8 names the character itself (offset 3); a token scanner such as
    // jsonc-parser names the start of the string (offset 1). The position V8 gives is used as it is.
    const text = '["a\nb"]';
    let message = '';
    try {
      JSON.parse(text);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/position 3/);
    expect(jsonErrorOffset(text, message)).toBe(3);
    expect(() => parseJson(readInput(file('ctl.json', '{\n "a": "x\ny"}')))).toThrow(/ctl\.json:2:9: broken JSON: Bad control character/);
  });

  it('locates "Unexpected token" errors, where V8 names no position, with jsonc-parser', () => {
    for (const text of ['{"a": }', '{"a": tru}', '[1,]']) {
      let message = '';
      try {
        JSON.parse(text);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).not.toMatch(/position/);
    }
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('[1,]')).toBe(3);
    expect(() => parseJson(readInput(file('cut.json', '[{"id": 1},\n {"id": 2')))).toThrow(/cut\.json:2:10: broken JSON: Expected/);
    expect(() => parseJson(readInput(file('empty.json', '')))).toThrow(/empty\.json:1:1: broken JSON: Unexpected end/);
  });

  it('reads JSON5 and names the line and column of a JSON5 syntax error', () => {
    expect(parseJson5(readInput(file('ok.json5', "// c\n[{ name: 'a', n: +1, }, /* x */]\n")))).toEqual([{ name: 'a', n: 1 }]);
    expect(() => parseJson5(readInput(file('bad.json5', "[\n  { name: 'a' },\n  { name: 'b' icon: 'x' },\n]\n")))).toThrow(
      /bad\.json5:3:15: broken JSON5: invalid character 'i'/,
    );
  });

  it('locates the first syntax error even where V8 gives no position', () => {
    expect(jsonErrorOffset('{"a": }')).toBe(6);
    expect(jsonErrorOffset('{"a": 1 "b": 2}')).toBe(8);
    expect(jsonErrorOffset('[1,2')).toBe(4);
    expect(jsonErrorOffset('{"a": [1, {"b": null}], "c": "\\u00e9"}')).toBe(-1);
    const input = readInput(file('broken.json', '{\n  "id": 1,\n  "status": }\n'));
    expect(() => parseJson(input)).toThrow(/broken\.json:3:13: broken JSON/);
  });
});
