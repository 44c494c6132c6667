import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api';
import { payingFor } from '../lib/paying';
import { navigate } from '../lib/router';

/**
 * Back at a checkout this tab left for the payment page (the browser's back
 * button): while that booking still lives, its payment page is where the
 * customer belongs, not a new hold on a time that is theirs already.
 * 'checking' until that is known; 'checkout' to show the checkout.
 */
export function useResumePayment(slotId: number, serviceId: number, enabled: boolean): 'checking' | 'checkout' {
  const [state, setState] = useState<'checking' | 'checkout'>(() =>
    enabled && payingFor(slotId, serviceId) !== undefined ? 'checking' : 'checkout',
  );
  useEffect(() => {
    const id = enabled ? payingFor(slotId, serviceId) : undefined;
    if (id === undefined) return setState('checkout');
    let live = true;
    api.booking(id).then(
      (b) => {
        if (!live) return;
        if (b.status === 'PENDING' || b.status === 'CONFIRMED') {
          navigate(`/bookings/${id}/payment${b.status === 'PENDING' ? '?checkout=cancelled' : ''}`, { replace: true });
        } else {
          payingFor(slotId, serviceId, true);
          setState('checkout');
        }
      },
      () => live && setState('checkout'),
    );
    return () => {
      live = false;
    };
  }, [slotId, serviceId, enabled]);
  return state;
}
