import { Migration } from '@mikro-orm/migrations';

/**
 * Deposits (contract: "Deposits and the reservation deadline"):
 *
 * - `payments`: one per booking that asks for a deposit, with its deadline,
 *   the checkout link's secret, the provider's checkout session, and the
 *   cancellation terms as they were when the customer booked.
 * - `payment_charges`: every payment a provider reported, on time or not;
 *   `refunded_cents` can never exceed what the charge brought in.
 * - `payment_refunds`: every refund, recorded in the transaction that decided
 *   it (an outbox: sent to the provider after commit). `purpose` is unique
 *   (one settlement per booking, one full refund per stray charge), and the
 *   random `idempotency_key` goes to the provider with every attempt, so a
 *   retry never refunds twice.
 * - `payment_events`: each provider event id once, so a replayed webhook is
 *   applied once.
 *
 * And two guards on bookings' status: a booking with a deposit becomes
 * CONFIRMED only once it is paid, and a final state (CANCELLED, COMPLETED,
 * NO_SHOW) never changes again, so a late payment cannot resurrect an
 * expired booking whatever the application does.
 */
export class Payments extends Migration {
  override up(): void {
    this.addSql(`
      create table payments (
        id serial primary key,
        booking_id int not null references bookings (id) on delete cascade,
        provider text not null check (provider in ('demo', 'stripe')),
        amount_cents int not null check (amount_cents > 0),
        currency char(3) not null,
        status text not null default 'due' check (status in ('due', 'paid', 'expired', 'void')),
        due_at timestamptz not null,
        pay_token text not null check (length(pay_token) = 43),
        checkout_url text not null,
        checkout_started_at timestamptz,
        checkout_ref text,
        checkout_provider_url text,
        paid_at timestamptz,
        paid_charge_id int,
        fee_cents int not null default 0 check (fee_cents between 0 and amount_cents),
        free_cancellation_hours int not null check (free_cancellation_hours between 0 and 720),
        late_cancel_fee_percent smallint not null check (late_cancel_fee_percent between 0 and 100),
        no_show_fee_percent smallint not null check (no_show_fee_percent between 0 and 100),
        last_failure text check (length(last_failure) <= 300),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint payments_booking_key unique (booking_id),
        constraint payments_pay_token_key unique (pay_token),
        constraint payments_checkout_ref_key unique (provider, checkout_ref),
        constraint payments_paid check ((status = 'paid') = (paid_charge_id is not null)
          and (paid_charge_id is null) = (paid_at is null)),
        constraint payments_checkout_pair check ((checkout_ref is null) = (checkout_provider_url is null))
      )`);
    this.addSql("create index payments_due_idx on payments (due_at) where status = 'due'");

    this.addSql(`
      create table payment_charges (
        id serial primary key,
        payment_id int not null references payments (id) on delete cascade,
        provider text not null check (provider in ('demo', 'stripe')),
        provider_charge_id text not null check (length(provider_charge_id) between 1 and 255),
        amount_cents int not null check (amount_cents > 0),
        currency char(3) not null,
        refunded_cents int not null default 0 check (refunded_cents between 0 and amount_cents),
        paid_at timestamptz not null,
        received_at timestamptz not null default now(),
        constraint payment_charges_ref_key unique (provider, provider_charge_id),
        constraint payment_charges_id_payment_key unique (id, payment_id)
      )`);
    this.addSql('create index payment_charges_payment_idx on payment_charges (payment_id)');
    // The charge that paid the deposit is one of this payment's own charges.
    this.addSql(`alter table payments add constraint payments_paid_charge_fkey
      foreign key (paid_charge_id, id) references payment_charges (id, payment_id)`);

    this.addSql(`
      create table payment_refunds (
        id serial primary key,
        payment_id int not null,
        charge_id int not null,
        amount_cents int not null check (amount_cents > 0),
        currency char(3) not null,
        reason text not null check (reason in ('free_cancellation', 'late_cancellation', 'salon_cancellation',
          'no_show', 'late_payment', 'duplicate_payment', 'payment_mismatch')),
        purpose text not null check (length(purpose) between 1 and 100),
        idempotency_key uuid not null default gen_random_uuid(),
        status text not null default 'pending' check (status in ('pending', 'sending', 'issued', 'failed')),
        provider_refund_id text,
        attempts int not null default 0 check (attempts >= 0),
        next_attempt_at timestamptz not null default now(),
        lease_until timestamptz,
        lease_token uuid,
        last_error text check (length(last_error) <= 500),
        created_at timestamptz not null default now(),
        issued_at timestamptz,
        constraint payment_refunds_charge_fkey foreign key (charge_id, payment_id)
          references payment_charges (id, payment_id) on delete cascade,
        constraint payment_refunds_purpose_key unique (purpose),
        constraint payment_refunds_idempotency_key unique (idempotency_key),
        constraint payment_refunds_issued check ((status = 'issued') = (provider_refund_id is not null)
          and (status = 'issued') = (issued_at is not null)),
        constraint payment_refunds_leased check ((status = 'sending') = (lease_until is not null)
          and (lease_until is null) = (lease_token is null))
      )`);
    this.addSql('create index payment_refunds_payment_idx on payment_refunds (payment_id)');
    this.addSql(
      "create index payment_refunds_open_idx on payment_refunds (next_attempt_at) where status in ('pending', 'sending')",
    );

    this.addSql(`
      create table payment_events (
        provider text not null check (provider in ('demo', 'stripe')),
        event_id text not null check (length(event_id) between 1 and 255),
        type text not null check (length(type) <= 100),
        outcome text not null check (outcome in ('confirmed', 'refunded', 'noted', 'ignored')),
        received_at timestamptz not null default now(),
        constraint payment_events_pkey primary key (provider, event_id)
      )`);

    this.addSql(`
      create function bookings_status_guard() returns trigger language plpgsql as $$
      begin
        if old.status in ('CANCELLED', 'COMPLETED', 'NO_SHOW') and new.status <> old.status then
          raise exception 'booking % is % and stays so', old.id, old.status
            using errcode = 'check_violation', constraint = 'bookings_final_status';
        end if;
        if new.status = 'CONFIRMED' and old.status <> 'CONFIRMED'
           and exists (select 1 from payments p where p.booking_id = new.id and p.status <> 'paid') then
          raise exception 'booking % has an unpaid deposit', new.id
            using errcode = 'check_violation', constraint = 'bookings_deposit_paid';
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger bookings_status_guard before update of status on bookings
      for each row execute function bookings_status_guard()`);
  }

  override down(): void {
    this.addSql('drop trigger if exists bookings_status_guard on bookings');
    this.addSql('drop function if exists bookings_status_guard()');
    this.addSql('drop table if exists payment_events');
    this.addSql('drop table if exists payment_refunds');
    this.addSql('alter table payments drop constraint if exists payments_paid_charge_fkey');
    this.addSql('drop table if exists payment_charges');
    this.addSql('drop table if exists payments');
  }
}
