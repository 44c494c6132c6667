/**
 * The composition root of the service layer: each module's factory gets the
 * shared deps and the services it calls. Nothing here holds state.
 */
import type { Deps } from './lib/deps.ts';

export interface Services {
  deps: Deps;
  // MODULE SERVICES (one line per module, added as modules land)
}

export function buildServices(deps: Deps): Services {
  // MODULE FACTORIES (one block per module, in dependency order)
  return {
    deps,
    // MODULE ENTRIES
  };
}
