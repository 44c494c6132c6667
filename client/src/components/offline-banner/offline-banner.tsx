import { useOnline } from '../../hooks/use-online';
import { useStore } from '../../hooks/use-store';
import { cancellationQueue } from '../../lib/cancellations';
import { connection } from '../../lib/connection';

/** Says when the app works from saved data, or when live updates are reconnecting. */
export function OfflineBanner() {
  const online = useOnline();
  const conn = useStore(connection);
  const pending = useStore(cancellationQueue.items).length;
  let text: string | null = null;
  if (!online) {
    text = `You're offline — showing saved data.${pending ? ` ${pending} cancellation${pending === 1 ? '' : 's'} will be sent when you're back online.` : ''}`;
  } else if (conn === 'reconnecting') {
    text = 'Reconnecting to live updates…';
  }
  return (
    <div
      class={`offline-banner${text ? ' offline-banner--shown' : ''}${online ? '' : ' offline-banner--offline'}`}
      role="status"
    >
      {text}
    </div>
  );
}
