import { AppLink } from '../../components/app-link/app-link';

export function NotFoundPage() {
  return (
    <div class="page page--narrow not-found">
      <p class="not-found__code" aria-hidden="true">
        404
      </p>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>We couldn't find that page. It may have moved, or the link may be wrong.</p>
      <AppLink href="/" class="btn btn--primary">
        Find a salon
      </AppLink>
    </div>
  );
}
