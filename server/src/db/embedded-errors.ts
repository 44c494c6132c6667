/**
 * A failure of the embedded PostgreSQL, told as one line with its cause and
 * the fix, so `pnpm start` never answers a bad folder with a stack trace.
 */
export class EmbeddedDbError extends Error {
  readonly fix: string;

  constructor(cause: string, fix: string) {
    super(`${cause} ${fix}`);
    this.name = 'EmbeddedDbError';
    this.fix = fix;
  }
}

/** The data folder belongs to a PostgreSQL that another running Glamify started. */
export class DataDirInUseError extends EmbeddedDbError {}
