import type { SalonSummary } from '@glamify/shared';
import { useEffect, useState } from 'preact/hooks';
import { AppLink } from '../../components/app-link/app-link';
import { EmptyState, ErrorState, Loading } from '../../components/status-view/status-view';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { useResource } from '../../hooks/use-resource';
import { useStore } from '../../hooks/use-store';
import { api } from '../../lib/api';
import { location, replaceQuery } from '../../lib/router';

const PAGE = 10;

function SalonCard({ salon }: { salon: SalonSummary }) {
  return (
    <li class="card salon-card">
      <h2 class="salon-card__name">
        <AppLink href={`/salons/${salon.id}`}>{salon.name}</AppLink>
      </h2>
      <p class="salon-card__city">{salon.city}</p>
      <p class="salon-card__address">{salon.address}</p>
    </li>
  );
}

export function SearchPage() {
  const params = new URLSearchParams(useStore(location).search);
  const [city, setCity] = useState(params.get('city') ?? '');
  const [q, setQ] = useState(params.get('q') ?? '');
  const query = useDebouncedValue(q.trim(), 300);
  const [items, setItems] = useState<SalonSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [more, setMore] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: undefined });

  // The city choice lists every city with salons (not just those on the first page).
  const cities = useResource(async (signal) => (await api.cities(signal)).items.map((c) => c.city), []);

  const first = useResource((signal) => api.salons({ city, q: query, limit: PAGE, offset: 0 }, signal), [city, query]);
  useEffect(() => {
    if (first.data) {
      setItems(first.data.items);
      setTotal(first.data.total);
    }
  }, [first.data]);
  useEffect(() => replaceQuery({ city, q: query }), [city, query]);

  const loadMore = async () => {
    setMore({ loading: true, error: undefined });
    try {
      const page = await api.salons({ city, q: query, limit: PAGE, offset: items.length });
      setItems((prev) => [...prev, ...page.items.filter((s) => !prev.some((p) => p.id === s.id))]);
      setTotal(page.total);
      setMore({ loading: false, error: undefined });
    } catch (error) {
      setMore({ loading: false, error });
    }
  };

  const showList = first.data !== undefined;
  return (
    <div class="page page--search">
      <div class="hero">
        <h1 tabIndex={-1}>Find a salon</h1>
        <p class="hero__lead">Book a cut, colour or shave in a few taps — see free times live.</p>
      </div>
      <search>
        <form class="search-form" onSubmit={(e) => e.preventDefault()}>
          <div class="field">
            <label for="search-city">City</label>
            <select id="search-city" value={city} onChange={(e) => setCity(e.currentTarget.value)}>
              <option value="">All cities</option>
              {(cities.data ?? (city ? [city] : [])).map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <div class="field field--grow">
            <label for="search-q">Salon name</label>
            <input
              id="search-q"
              type="search"
              value={q}
              placeholder="e.g. Studio"
              autoComplete="off"
              onInput={(e) => setQ(e.currentTarget.value)}
            />
          </div>
        </form>
      </search>

      <p class="result-count" role="status">
        {first.loading && !showList
          ? ''
          : showList
            ? `${total} ${total === 1 ? 'salon' : 'salons'}${city ? ` in ${city}` : ''}${query ? ` matching “${query}”` : ''}`
            : ''}
      </p>

      {first.loading && !showList && <Loading label="Finding salons…" />}
      {first.error !== undefined && !first.loading && <ErrorState error={first.error} onRetry={first.reload} />}
      {showList && items.length === 0 && !first.loading && (
        <EmptyState title="No salons found">
          <p>Try another name or city.</p>
        </EmptyState>
      )}
      {items.length > 0 && (
        <ul class="salon-list" aria-busy={first.loading}>
          {items.map((s) => (
            <SalonCard key={s.id} salon={s} />
          ))}
        </ul>
      )}
      {items.length > 0 && items.length < total && (
        <div class="load-more">
          <button type="button" class="btn btn--secondary" onClick={loadMore} disabled={more.loading}>
            {more.loading ? 'Loading…' : `Show more (${total - items.length} more)`}
          </button>
          {more.error !== undefined && <ErrorState error={more.error} onRetry={loadMore} />}
        </div>
      )}
    </div>
  );
}
