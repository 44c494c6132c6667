/**
 * The live connection's state, apart from the Socket.IO client itself, so
 * the app shell can show it (and react to reconnects) without loading it.
 */
import { createStore } from './store';

/** idle: nothing has needed the socket yet. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

export const connection = createStore<ConnectionState>('idle');
