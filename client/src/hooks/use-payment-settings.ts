import type { PaymentSettings } from '@glamify/shared';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api';

let cached: Promise<PaymentSettings> | undefined;

/** How this server takes deposits (provider, deadline, smallest charge); fetched once per page load. */
export function usePaymentSettings(): PaymentSettings | undefined {
  const [settings, setSettings] = useState<PaymentSettings | undefined>(undefined);
  useEffect(() => {
    let live = true;
    cached ??= api.paymentSettings();
    cached.then(
      (s) => live && setSettings(s),
      () => {
        // Offline or failed: try again next time; the notice reads fine without the details.
        cached = undefined;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return settings;
}
