import { render } from 'preact';
import { App } from './app';
import { startOwnerAlerts } from './lib/alerts';
import { startCancellationReplay } from './lib/cancellations';
import { startPushSession } from './lib/push';
import { registerServiceWorker } from './lib/sw';
import './styles/app.css';
import './styles/payments.css';

const root = document.getElementById('app');
if (root) render(<App />, root);

registerServiceWorker();
startCancellationReplay();
startOwnerAlerts();
startPushSession();
