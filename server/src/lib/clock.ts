/**
 * Whose clock decides. Hold expiry is decided by PostgreSQL's `now()`, so
 * that every server instance agrees whatever its own clock says; SQL that
 * compares or computes hold times writes `SQL_NOW` and binds `deps.sqlNow()`,
 * which is null in production (then `now()` decides) and the injected
 * instant in tests that drive time by hand. The application's own clock
 * (`deps.now()`) keeps deciding what is not a hold: notice periods, whether a
 * booking has started.
 */
export const SQL_NOW = 'coalesce(cast(? as timestamptz), now())';

/** The `sqlNow` for an app: the database's time unless a test pinned the clock. */
export function sqlClock(pinned: (() => Date) | undefined): () => string | null {
  return pinned ? () => pinned().toISOString() : () => null;
}
