/**
 * Route-level code splitting: a page whose code is fetched with `import()`
 * the first time it is shown, so the first screen carries only its own code
 * (the owner console and the kiosk never ride along with a customer's first
 * load). Parts that only some people or some states need (owner alerts,
 * waitlist offers, joining the waitlist) load the same way, quietly. The
 * service worker precaches every chunk, so they open offline too.
 */
import type { ComponentChild, ComponentType, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useOnline } from '../../hooks/use-online';
import { ErrorState, Loading } from '../status-view/status-view';

export type LazyPage<P> = FunctionComponent<P> & {
  /** Starts fetching the page's code (e.g. when the browser is idle); resolves when it is there. */
  preload: () => Promise<unknown>;
};

export function lazyPage<P extends object>(
  load: () => Promise<ComponentType<P>>,
  /**
   * quiet: nothing on screen while loading or when loading fails (for parts of the shell, not pages).
   * fallback: what the page shows while its code loads, instead of the generic "Loading…".
   * offline: what the page says when its code could not be fetched offline (it loads once back online).
   */
  opts: { quiet?: boolean; fallback?: () => ComponentChild; offline?: string } = {},
): LazyPage<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const get = () => {
    pending ??= load().then(
      (c) => {
        loaded = c;
        return c;
      },
      (err: unknown) => {
        pending = undefined; // A failed fetch (offline) may succeed on the next try.
        throw err;
      },
    );
    return pending;
  };

  function Page(props: P) {
    const [, setReady] = useState(false);
    const [error, setError] = useState<unknown>(undefined);
    const [attempt, setAttempt] = useState(0);
    const online = useOnline();
    const retry = () => {
      setError(undefined);
      setAttempt((a) => a + 1);
    };
    useEffect(() => {
      if (loaded) return;
      let alive = true;
      get().then(
        () => alive && setReady(true),
        (err: unknown) => alive && setError(err),
      );
      return () => {
        alive = false;
      };
    }, [attempt]);
    // Not fetched while offline (the service worker had not saved it yet): fetch it once back.
    useEffect(() => {
      if (online && error !== undefined) retry();
    }, [online]);
    if (loaded) {
      const Loaded = loaded;
      return <Loaded {...props} />;
    }
    if (opts.quiet) return null;
    if (error !== undefined && !online) {
      return (
        <div class="page">
          <h1 tabIndex={-1}>You're offline</h1>
          <p class="notice notice--info" role="status">
            {opts.offline ?? "This page opens as soon as you're back online."}
          </p>
        </div>
      );
    }
    if (error !== undefined) {
      return (
        <div class="page">
          <h1 tabIndex={-1}>This page did not load</h1>
          <ErrorState error={error} onRetry={retry} />
        </div>
      );
    }
    return opts.fallback ? opts.fallback() : <Loading />;
  }
  return Object.assign(Page, { preload: () => get().catch(() => undefined) });
}
