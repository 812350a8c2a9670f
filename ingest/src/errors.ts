/** A file-level problem: the file cannot be read as the source says it should. Nothing from it is written. */
export class IngestError extends Error {
  constructor(
    readonly file: string,
    readonly where: string | null,
    message: string,
  ) {
    super(`${file}${where ? `:${where}` : ''}: ${message}`);
    this.name = 'IngestError';
  }
}

/** A usage problem on the command line (unknown source, missing file...). */
export class UsageError extends Error {
  override name = 'UsageError';
}
