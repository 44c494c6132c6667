/**
 * Start-up failures whose message is the whole story (a port in use, a data
 * folder PostgreSQL cannot use, a bad setting): logged as one line, no stack.
 */
import { createServer } from 'node:net';
import { EmbeddedDbError } from '../db/embedded.ts';

export class StartupError extends Error {}

export function isPlainFailure(err: unknown): err is Error {
  return err instanceof EmbeddedDbError || err instanceof StartupError;
}

/** Fails early, and clearly, when another process has the port. */
export function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new StartupError(`Port ${port} is already in use: is Glamify already running? Stop it or set PORT.`)
          : err,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
