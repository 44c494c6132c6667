import { render } from 'preact';
import { App } from './app';
import { startCancellationReplay } from './lib/cancellations';
import { type Session, session } from './lib/session';
import { registerServiceWorker } from './lib/sw';
import './styles/app.css';
import './styles/payments.css';

const root = document.getElementById('app');
if (root) render(<App />, root);

/** Runs `start` once, as soon as someone matching `who` is signed in (now or later). */
function once(who: (s: Session | null) => boolean, start: () => void): void {
  if (who(session.get())) {
    start();
    return;
  }
  const stop = session.subscribe((s) => {
    if (!who(s)) return;
    stop();
    start();
  });
}

registerServiceWorker();
startCancellationReplay();
// Code only signed-in people (or owners) use comes once they sign in: an anonymous first
// visit does not download it. Each keeps following the session itself from then on.
once(
  (s) => s?.user.role === 'owner',
  () => void import('./lib/alerts').then((m) => m.startOwnerAlerts()),
);
once(
  (s) => s !== null,
  () => void import('./lib/push').then((m) => m.startPushSession()),
);
