import type { FundingRows } from '@regiograph/funding';
import type { OrganisationsRows } from '@regiograph/organisations';
import type { OutcomesRows } from '@regiograph/outcomes';
import type { ProjectsRows } from '@regiograph/projects';

/** A file read from disk. Text files are checked to be UTF-8 (a BOM is dropped). */
export interface FileInput {
  /** Absolute path. */
  path: string;
  /** Base name, e.g. partners.json. */
  name: string;
  /** The decoded text; '' for a binary file (zip/xlsx, or any file with NUL bytes). */
  text: string;
  /** The raw bytes (for binary formats such as xlsx). */
  bytes: Buffer;
  /** True for a zip container (xlsx) or a file with NUL bytes. */
  binary: boolean;
}

/**
 * One rejected record: where it is (file, line for text formats, JSON path for JSON), which field, why.
 * Strict mode loads nothing from a file with rejections; --lenient loads the rest and reports these.
 */
export interface Rejection {
  file: string;
  line?: number;
  path?: string;
  recordId?: string;
  field: string;
  reason: string;
}

/** What a dataset's publisher asks for (from its SOURCE.md): carried into every source row of its files. */
export interface DatasetMeta {
  /** e.g. "EEA and Norway Grants 2009-2014 (data.eeagrants.org API snapshot)" */
  title: string;
  publisher: string;
  url: string;
  licence: string;
  attribution: string;
  /** When the snapshot was taken from its origin (YYYY-MM-DD). */
  retrievedOn: string;
}

/** Rows for every subgraph, as one file yields them. */
export interface IngestRows {
  organisations: OrganisationsRows;
  projects: ProjectsRows;
  funding: FundingRows;
  outcomes: OutcomesRows;
}

export interface ParseContext {
  /** The source row ID for this file; cite records as recordRef(sourceId, recordId). */
  sourceId: string;
  /** Adds a rejection (the connector goes on with the next record). */
  reject(rejection: Omit<Rejection, 'file'>): void;
}

export interface ParsedFile {
  /** Source records read from the file (lines, JSON objects), valid or not. */
  records: number;
  /** What the user should know about valid records that were not loaded as they stand (skipped, merged, re-filed). */
  notes?: string[];
  rows: Partial<{ [K in keyof IngestRows]: IngestRows[K] }>;
}

/**
 * A connector understands the files of one source. It decides by CONTENT (header, JSON shape), not by
 * file name, whether it can read a file, and parses it into rows without touching the database.
 */
export interface Connector {
  /** Source name on the command line, e.g. "eea-grants". */
  name: string;
  description: string;
  dataset: DatasetMeta;
  /** Terms for one format when a source's files come from more than one publisher (NUTS + Kohesio's crosswalk). */
  datasetFor?(format: string): DatasetMeta;
  /**
   * Returns a short format label (e.g. "partners.json", "terc.csv") when this connector can read the
   * file, or null when it cannot; `why` is then said in the error for a file named explicitly.
   */
  detect(file: FileInput): { format: string } | { format: null; why: string };
  /** Parses a detected file. Throws IngestError for a file-level problem (broken JSON, wrong header). */
  parse(file: FileInput, format: string, ctx: ParseContext): ParsedFile;
}
