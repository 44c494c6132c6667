/**
 * Runs the offer engine on this instance for as long as the app is up:
 * kicked by local commits that free a time or change the line, and swept
 * every two seconds (see offer-runner.ts). The pg-boss job `waitlist-sweep`
 * (jobs.ts) is the guarantee when no instance runs this.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Services } from '../../services.ts';
import { createOfferRunner } from './offer-runner.ts';

const KICKS = new Set(['slot:unlocked', 'slot:released', 'waitlist:changed']);

export const waitlistPlugin = fp<{ services: Services }>(async (app: FastifyInstance, { services }) => {
  const { deps, waitlist } = services;
  const runner = createOfferRunner(
    () => waitlist.process(),
    (err) => deps.log.warn({ err }, 'waitlist offer pass failed; the next one retries'),
  );
  const unsubscribe = deps.events.subscribe((events) => {
    if (events.some((e) => KICKS.has(e.type))) runner.kick();
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    await runner.close();
  });
});
