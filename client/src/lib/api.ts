/**
 * Typed fetch against /api/v1. Every failure becomes an ApiError; the bearer
 * token of the signed-in user is attached when there is one.
 */
import type {
  AuthResult,
  Booking,
  BookingListQuery,
  CalendarFeedLink,
  CalendarFeedStatus,
  City,
  CreateBookingBody,
  CustomerMatches,
  DayList,
  DayQuery,
  Hold,
  JoinWaitlistBody,
  KioskBooking,
  KioskBookingList,
  KioskDevice,
  KioskIdentity,
  KioskPairing,
  KioskSession,
  LoginBody,
  MarkReadBody,
  NewService,
  NewStaff,
  NotificationPage,
  PageOf,
  PaymentSettings,
  PushPublicKey,
  PushSubscriptionBody,
  PushSubscriptionResult,
  RegisterBody,
  RescheduleBody,
  SalonDetail,
  SalonPolicy,
  SalonQuery,
  SalonSummary,
  SalonWaitlistEntry,
  Service,
  ServicePatch,
  SlotList,
  SlotQuery,
  Staff,
  StaffPatch,
  UnreadCount,
  User,
  WaitlistEntry,
  WorkingHours,
  WorkingHoursResult,
} from '@glamify/shared';
import { ApiError, networkError, parseProblem } from './api-error';
import { session, signOut, token } from './session';

export { ApiError } from './api-error';

export const API_BASE = '/api/v1';

type Query = Record<string, string | number | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Survive the page closing (used for releasing a hold on the way out). */
  keepalive?: boolean;
  /**
   * Another bearer token than the session's: a kiosk's device token, or a
   * device signing out tidying up with the token it had; '' sends none.
   */
  bearer?: string;
  /** What the answer is: JSON (the default) or text (calendar files). */
  as?: 'json' | 'text';
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept:
      opts.as === 'text' ? 'text/calendar, application/problem+json' : 'application/json, application/problem+json',
  };
  const bearer = opts.bearer ?? token();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
      keepalive: opts.keepalive ?? false,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw networkError(err);
  }
  if (!res.ok) {
    const err = parseProblem(res.status, res.headers.get('content-type'), await res.text().catch(() => ''));
    // An expired or revoked token: sign out so the UI asks to sign in again.
    if (res.status === 401 && bearer && session.get()?.token === bearer && err.code === 'UNAUTHENTICATED') signOut();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (opts.as === 'text') return text as T;
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError({ code: 'INTERNAL', status: res.status, detail: 'The server sent an unreadable answer.' });
  }
}

export const api = {
  login: (body: LoginBody) => request<AuthResult>('/auth/login', { method: 'POST', body }),
  register: (body: RegisterBody) => request<AuthResult>('/auth/register', { method: 'POST', body }),
  me: () => request<User>('/auth/me'),

  salons: (q: SalonQuery, signal?: AbortSignal) =>
    request<PageOf<SalonSummary>>('/salons', { query: { ...q }, ...(signal ? { signal } : {}) }),
  /** Every city with salons, for the search page's city choice. */
  cities: (signal?: AbortSignal) => request<PageOf<City>>('/salons/cities', signal ? { signal } : {}),
  /** The salons the signed-in owner runs. */
  mySalons: (signal?: AbortSignal) => request<PageOf<SalonSummary>>('/salons/mine', signal ? { signal } : {}),
  salon: (id: number, signal?: AbortSignal) => request<SalonDetail>(`/salons/${id}`, signal ? { signal } : {}),

  slots: (q: SlotQuery, signal?: AbortSignal) =>
    request<SlotList>('/availability/slots', { query: { ...q }, ...(signal ? { signal } : {}) }),
  /** A run of days for a service: free, full, closed or over. */
  days: (q: DayQuery, signal?: AbortSignal) =>
    request<DayList>('/availability/days', { query: { ...q }, ...(signal ? { signal } : {}) }),
  lock: (slotId: number, serviceId: number) =>
    request<Hold>(`/availability/slots/${slotId}/lock`, { method: 'POST', body: { serviceId } }),
  unlock: (slotId: number, keepalive = false) =>
    request<void>(`/availability/slots/${slotId}/lock`, { method: 'DELETE', keepalive }),

  createBooking: (body: CreateBookingBody) => request<Booking>('/bookings', { method: 'POST', body }),
  bookings: (q: BookingListQuery = {}, signal?: AbortSignal) =>
    request<PageOf<Booking>>('/bookings', { query: { ...q }, ...(signal ? { signal } : {}) }),
  booking: (id: number) => request<Booking>(`/bookings/${id}`),
  cancelBooking: (id: number, reason?: string) =>
    request<Booking>(`/bookings/${id}/cancel`, { method: 'POST', body: reason ? { reason } : {} }),
  completeBooking: (id: number) => request<Booking>(`/bookings/${id}/complete`, { method: 'POST' }),
  noShow: (id: number) => request<Booking>(`/bookings/${id}/no-show`, { method: 'POST' }),
  checkIn: (id: number) => request<Booking>(`/bookings/${id}/check-in`, { method: 'POST', body: {} }),

  // The owner's console.
  salonServices: (salonId: number, signal?: AbortSignal) =>
    request<PageOf<Service>>(`/salons/${salonId}/services`, signal ? { signal } : {}),
  createService: (salonId: number, body: NewService) =>
    request<Service>(`/salons/${salonId}/services`, { method: 'POST', body }),
  updateService: (salonId: number, serviceId: number, body: ServicePatch) =>
    request<Service>(`/salons/${salonId}/services/${serviceId}`, { method: 'PATCH', body }),
  deactivateService: (salonId: number, serviceId: number) =>
    request<void>(`/salons/${salonId}/services/${serviceId}`, { method: 'DELETE' }),
  salonStaff: (salonId: number, signal?: AbortSignal) =>
    request<PageOf<Staff>>(`/salons/${salonId}/staff`, signal ? { signal } : {}),
  createStaff: (salonId: number, body: NewStaff) =>
    request<Staff>(`/salons/${salonId}/staff`, { method: 'POST', body }),
  updateStaff: (salonId: number, staffId: number, body: StaffPatch) =>
    request<Staff>(`/salons/${salonId}/staff/${staffId}`, { method: 'PATCH', body }),
  replaceHours: (salonId: number, hours: WorkingHours[]) =>
    request<WorkingHoursResult>(`/salons/${salonId}/working-hours`, { method: 'PUT', body: { hours } }),
  updatePolicy: (salonId: number, body: SalonPolicy) =>
    request<SalonPolicy>(`/salons/${salonId}/policy`, { method: 'PUT', body }),
  searchCustomers: (salonId: number, q: string, signal?: AbortSignal) =>
    request<CustomerMatches>(`/salons/${salonId}/customers`, { query: { q }, ...(signal ? { signal } : {}) }),
  kiosks: (salonId: number, signal?: AbortSignal) =>
    request<PageOf<KioskDevice>>(`/salons/${salonId}/kiosks`, signal ? { signal } : {}),
  createKiosk: (salonId: number, name: string) =>
    request<KioskPairing>(`/salons/${salonId}/kiosks`, { method: 'POST', body: { name } }),
  revokeKiosk: (salonId: number, kioskId: number) =>
    request<void>(`/salons/${salonId}/kiosks/${kioskId}`, { method: 'DELETE' }),
  notifications: (signal?: AbortSignal) =>
    request<NotificationPage>('/notifications', { query: { limit: 30 }, ...(signal ? { signal } : {}) }),
  markRead: (body: MarkReadBody) => request<UnreadCount>('/notifications/read', { method: 'POST', body }),

  // A kiosk screen, with its device token.
  pairKiosk: (code: string) => request<KioskSession>('/kiosks/pair', { method: 'POST', body: { code }, bearer: '' }),
  kioskIdentity: (token: string, signal?: AbortSignal) =>
    request<KioskIdentity>('/kiosks/me', { bearer: token, ...(signal ? { signal } : {}) }),
  kioskBookings: (token: string, date: string, signal?: AbortSignal) =>
    request<KioskBookingList>('/kiosks/me/bookings', { bearer: token, query: { date }, ...(signal ? { signal } : {}) }),
  kioskCheckIn: (token: string, id: number, code: string) =>
    request<KioskBooking>(`/bookings/${id}/check-in`, { method: 'POST', body: { code }, bearer: token }),
  rescheduleBooking: (id: number, body: RescheduleBody) =>
    request<Booking>(`/bookings/${id}/reschedule`, { method: 'POST', body }),
  /** The booking as an iCalendar file (text/calendar). */
  bookingCalendar: (id: number) => request<string>(`/bookings/${id}/calendar.ics`, { as: 'text' }),

  pushPublicKey: () => request<PushPublicKey>('/push/public-key'),
  savePushSubscription: (body: PushSubscriptionBody) =>
    request<PushSubscriptionResult>('/push/subscriptions', { method: 'POST', body }),
  deletePushSubscription: (endpoint: string, bearer?: string) =>
    request<void>('/push/subscriptions', { method: 'DELETE', body: { endpoint }, ...(bearer ? { bearer } : {}) }),

  calendarFeed: (signal?: AbortSignal) => request<CalendarFeedStatus>('/calendar/feed', signal ? { signal } : {}),
  newCalendarFeed: () => request<CalendarFeedLink>('/calendar/feed', { method: 'POST' }),
  revokeCalendarFeed: () => request<void>('/calendar/feed', { method: 'DELETE' }),

  paymentSettings: (signal?: AbortSignal) => request<PaymentSettings>('/payments/settings', signal ? { signal } : {}),
  joinWaitlist: (body: JoinWaitlistBody) => request<WaitlistEntry>('/waitlist', { method: 'POST', body }),
  myWaitlist: (signal?: AbortSignal) =>
    request<PageOf<WaitlistEntry>>('/waitlist', { query: { limit: 100 }, ...(signal ? { signal } : {}) }),
  leaveWaitlist: (id: number) => request<void>(`/waitlist/${id}`, { method: 'DELETE' }),
  declineOffer: (id: number) => request<WaitlistEntry>(`/waitlist/${id}/decline`, { method: 'POST' }),
  /** The salon owner's view of one day's line. */
  salonWaitlist: (salonId: number, date: string, signal?: AbortSignal) =>
    request<PageOf<SalonWaitlistEntry>>(`/salons/${salonId}/waitlist`, {
      query: { date },
      ...(signal ? { signal } : {}),
    }),
};
