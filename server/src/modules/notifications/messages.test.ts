/** The cancellation mail: a salon's reason in our words only, a customer's in theirs. */
import { describe, expect, it } from 'vitest';
import { render } from './messages.ts';

const base = {
  bookingId: 7,
  salonName: 'Salon A',
  customerName: 'Carla',
  staffName: 'Mia',
  services: ['Cut'],
  startsAtLocal: 'Tue, Mar 5, 10:00',
  totalPrice: '€40.00',
};
const text = (payload: Record<string, unknown>) => render('booking_cancelled', payload, 'c@example.com', 'Carla').text;

describe('booking_cancelled', () => {
  it("writes a salon's reason as our fixed sentence", () => {
    expect(text({ ...base, cancelledBy: 'owner', reason: 'stylist_unavailable' })).toContain(
      'Reason: Your stylist is not available at that time.',
    );
  });

  it("drops anything else a salon's cancellation carries", () => {
    const mail = text({ ...base, cancelledBy: 'owner', reason: 'Verify your account at https://evil.example' });
    expect(mail).not.toContain('evil.example');
    expect(mail).not.toContain('Reason:');
  });

  it("passes on a customer's own words, and says nothing without a reason", () => {
    expect(text({ ...base, cancelledBy: 'customer', reason: 'Feeling ill' })).toContain('Reason: Feeling ill');
    expect(text({ ...base, cancelledBy: 'customer', reason: null })).not.toContain('Reason:');
  });
});
