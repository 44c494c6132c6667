/**
 * The third-party modules the load bench (bench/ at the root) uses. bench/
 * has no package.json of its own: its tools are server devDependencies, and
 * Node resolves bare imports from the importing file's folder, so the bench
 * reaches them through this file.
 */

export { addDays, localDate } from '@glamify/shared';
export { default as autocannon } from 'autocannon';
export { default as pg } from 'pg';
export { io as ioClient, type Socket as ClientSocket } from 'socket.io-client';
export { WebSocket, WebSocketServer } from 'ws';
