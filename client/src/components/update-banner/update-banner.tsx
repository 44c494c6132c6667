import { useStore } from '../../hooks/use-store';
import { applyUpdate, updateAvailable } from '../../lib/sw';

export function UpdateBanner() {
  const available = useStore(updateAvailable);
  if (!available) return null;
  return (
    <section class="update-banner" role="status" aria-label="Update">
      <span>A new version is available</span>
      <button type="button" class="btn btn--small btn--light" onClick={applyUpdate}>
        Reload
      </button>
      <button
        type="button"
        class="update-banner__close"
        aria-label="Not now"
        onClick={() => updateAvailable.set(false)}
      >
        ×
      </button>
    </section>
  );
}
