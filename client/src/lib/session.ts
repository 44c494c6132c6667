/**
 * The signed-in user and their bearer token, kept in localStorage so a
 * reload (or an offline start) keeps the user signed in.
 */
import type { AuthResult, User } from '@glamify/shared';
import { createStore } from './store';

const KEY = 'glamify.session';

export interface Session {
  token: string;
  user: User;
}

function load(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    return typeof s.token === 'string' && s.user ? (s as Session) : null;
  } catch {
    return null;
  }
}

export const session = createStore<Session | null>(load());

session.subscribe((s) => {
  try {
    if (s) localStorage.setItem(KEY, JSON.stringify(s));
    else localStorage.removeItem(KEY);
  } catch {
    // Private mode or full storage: the session simply lasts for this tab.
  }
});

// Another tab signing in or out.
globalThis.addEventListener?.('storage', (e: StorageEvent) => {
  if (e.key === KEY) session.set(load());
});

export function signIn(result: AuthResult): void {
  session.set({ token: result.token, user: result.user });
}

export function signOut(): void {
  session.set(null);
  // Runtime caches hold this user's bookings; the next user must not read them offline.
  void globalThis.caches?.keys().then((keys) => {
    for (const k of keys) if (k.startsWith('api-')) void caches.delete(k);
  });
}

export function token(): string | undefined {
  return session.get()?.token;
}
