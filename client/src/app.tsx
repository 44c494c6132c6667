/** The router: a route table matched against the History API location. */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { AppHeader } from './components/app-header/app-header';
import { lazyPage } from './components/lazy-page/lazy-page';
import { OfflineBanner } from './components/offline-banner/offline-banner';
import { UpdateBanner } from './components/update-banner/update-banner';
import { useStore } from './hooks/use-store';
import { location, matchPath } from './lib/router';
import { session } from './lib/session';
import { KioskLoading } from './pages/kiosk/kiosk-loading';
import { NotFoundPage } from './pages/not-found/not-found-page';
import { SalonPage } from './pages/salon/salon-page';
import { SearchPage } from './pages/search/search-page';

// The pages people land on (search and a salon) are in the first download; the
// rest come when first shown. Measured in client/test/page-weight.browser.test.ts.
const LoginPage = lazyPage(() => import('./pages/auth/login-page').then((m) => m.LoginPage));
const RegisterPage = lazyPage(() => import('./pages/auth/register-page').then((m) => m.RegisterPage));
const BookingsPage = lazyPage(() => import('./pages/bookings/bookings-page').then((m) => m.BookingsPage));
const CheckoutPage = lazyPage(() => import('./pages/checkout/checkout-page').then((m) => m.CheckoutPage), {
  offline: "We'll hold this time as soon as you're back online.",
});
const ReschedulePage = lazyPage(() => import('./pages/reschedule/reschedule-page').then((m) => m.ReschedulePage));
const PaymentReturnPage = lazyPage(() =>
  import('./pages/payment/payment-return-page').then((m) => m.PaymentReturnPage),
);
const OwnerPage = lazyPage(() => import('./pages/owner/owner-page').then((m) => m.OwnerPage));
const KioskPage = lazyPage(() => import('./pages/kiosk/kiosk-page').then((m) => m.KioskPage), {
  fallback: () => <KioskLoading />,
});
// Waitlist offers are a signed-in customer's: others never download their code.
const OfferBanner = lazyPage(() => import('./components/offer-banner/offer-banner').then((m) => m.OfferBanner), {
  quiet: true,
});
// Owner alerts: only an owner's app carries their code.
const ToastList = lazyPage(() => import('./components/toast-list/toast-list').then((m) => m.ToastList), {
  quiet: true,
});

interface Route {
  path: string;
  title: string;
  render: (params: Record<string, string>) => ComponentChildren;
  /** Full-screen routes have no header or footer. */
  bare?: boolean;
  /** Routes that use the whole width of a laptop or tablet (the owner's calendar). */
  wide?: boolean;
}

export const routes: Route[] = [
  { path: '/', title: 'Find a salon', render: () => <SearchPage /> },
  { path: '/salons/:id', title: 'Book a time', render: (p) => <SalonPage key={p.id} id={p.id ?? ''} /> },
  { path: '/checkout', title: 'Confirm your booking', render: () => <CheckoutPage /> },
  { path: '/login', title: 'Sign in', render: () => <LoginPage /> },
  { path: '/register', title: 'Create an account', render: () => <RegisterPage /> },
  { path: '/bookings', title: 'My bookings', render: () => <BookingsPage /> },
  {
    path: '/bookings/:id/payment',
    title: 'Your payment',
    render: (p) => <PaymentReturnPage key={p.id} id={p.id ?? ''} />,
  },
  {
    path: '/bookings/:id/reschedule',
    title: 'Move a booking',
    render: (p) => <ReschedulePage key={p.id} id={p.id ?? ''} />,
  },
  { path: '/owner', title: 'Salon console', render: () => <OwnerPage />, wide: true },
  {
    path: '/kiosk/:salonId',
    title: 'Front desk',
    render: (p) => <KioskPage key={p.salonId} salonId={p.salonId ?? ''} />,
    bare: true,
  },
];

export function resolve(pathname: string): { route: Route | null; params: Record<string, string> } {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return { route: null, params: {} };
}

export function App() {
  const { pathname } = useStore(location);
  const role = useStore(session)?.user.role;
  const owner = role === 'owner';
  const { route, params } = resolve(pathname);
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After navigating, move focus to the new page's heading (or main) and to the top.
  // Pages often swap a loading heading for the real one: follow it for a moment.
  // The route's title first (a layout effect): a page that knows better (a salon's name) sets its own after.
  useLayoutEffect(() => {
    document.title = `${route?.title ?? 'Page not found'} · Glamify`;
  }, [pathname]);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    const main = mainRef.current;
    if (!main) return;
    const focusHeading = () => {
      const target = main.querySelector<HTMLElement>('h1') ?? main;
      target.focus({ preventScroll: true });
    };
    const raf = requestAnimationFrame(focusHeading);
    const observer = new MutationObserver(() => {
      const active = document.activeElement;
      // A page whose code was still loading had only <main> to focus: move on to its heading.
      const fallback = active === main && main.querySelector('h1') !== null;
      if (!active || active === document.body || !active.isConnected || fallback) focusHeading();
    });
    observer.observe(main, { childList: true, subtree: true });
    const stop = setTimeout(() => observer.disconnect(), 3000);
    return () => {
      cancelAnimationFrame(raf);
      clearTimeout(stop);
      observer.disconnect();
    };
  }, [pathname]);

  if (route?.bare) {
    return (
      <main id="main" ref={mainRef} tabIndex={-1} class="bare">
        {route.render(params)}
      </main>
    );
  }
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader />
      <OfflineBanner />
      <UpdateBanner />
      {role === 'customer' && <OfferBanner />}
      {/* In the flow, under the header: alerts never cover a button. The console keeps their place. */}
      {owner && <ToastList reserve={route?.wide === true} />}
      <main id="main" ref={mainRef} tabIndex={-1} class={route?.wide ? 'wide' : undefined}>
        {route ? route.render(params) : <NotFoundPage />}
      </main>
      <footer class="app-footer">
        <p>Glamify · book your salon time live</p>
      </footer>
    </>
  );
}
