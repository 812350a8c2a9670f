import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/**
 * The rows of a delimited source file as objects keyed by its header, read with csv-parse: a reading of the raw
 * file that shares nothing with the connectors' own readers, so the tests compare the connectors with the file.
 */
export function rawTable(path: string, delimiter = ','): Array<Record<string, string>> {
  return parse(readFileSync(path, 'utf8'), {
    bom: true,
    columns: true,
    delimiter,
    skip_empty_lines: true,
    relax_column_count: true,
    // Kohesio's TSV has bare quotes inside fields; a quote is only a quote in the comma-separated files.
    quote: delimiter === '\t' ? false : '"',
  }) as Array<Record<string, string>>;
}
