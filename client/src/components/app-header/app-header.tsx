import { useStore } from '../../hooks/use-store';
import { location, navigate } from '../../lib/router';
import { session, signOut } from '../../lib/session';
import { AppLink } from '../app-link/app-link';

function NavLink({ href, label, exact }: { href: string; label: string; exact?: boolean }) {
  const { pathname } = useStore(location);
  const active = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <AppLink href={href} class="nav-link" aria-current={active ? 'page' : undefined}>
      {label}
    </AppLink>
  );
}

export function AppHeader() {
  const s = useStore(session);
  const { pathname, search } = useStore(location);
  const next = encodeURIComponent(pathname + search);
  return (
    <header class="app-header">
      <div class="app-header__inner">
        <AppLink href="/" class="brand" aria-label="Glamify, find a salon">
          <img src="/icons/icon.svg" alt="" width="28" height="28" />
          <span>Glamify</span>
        </AppLink>
        <nav aria-label="Main">
          <ul class="nav-list">
            <li>
              <NavLink href="/" label="Salons" exact />
            </li>
            {s && (
              <li>
                <NavLink href="/bookings" label="My bookings" />
              </li>
            )}
            {s?.user.role === 'owner' && (
              <li>
                <NavLink href="/owner" label="Console" />
              </li>
            )}
            {s ? (
              <li class="nav-user">
                <span class="nav-user__name" title={s.user.email}>
                  {s.user.name.split(' ')[0]}
                </span>
                <button
                  type="button"
                  class="btn btn--ghost btn--small"
                  onClick={() => {
                    signOut();
                    navigate('/');
                  }}
                >
                  Sign out
                </button>
              </li>
            ) : (
              pathname !== '/login' && (
                <li>
                  <AppLink href={`/login?next=${next}`} class="btn btn--small">
                    Sign in
                  </AppLink>
                </li>
              )
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}
