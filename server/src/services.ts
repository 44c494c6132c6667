/**
 * The composition root of the service layer: each module's factory gets the
 * shared deps and the services it calls. Nothing here holds state.
 */
import type { Deps } from './lib/deps.ts';

export interface Services {
  deps: Deps;
}

export function buildServices(deps: Deps): Services {
  return { deps };
}
