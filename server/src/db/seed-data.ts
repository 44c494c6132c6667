/** The demo data: salons in two countries, with lunch breaks, real time zones and two kinds of policy. */
import type { SalonPolicy } from '@glamify/shared';

export interface SeedSalon {
  name: string;
  city: string;
  address: string;
  phone: string;
  timezone: string;
  owner: { email: string; name: string };
  staff: { name: string; bio: string }[];
  services: {
    name: string;
    description: string;
    durationMinutes: number;
    bufferMinutes?: number;
    priceCents: number;
  }[];
  policy: SalonPolicy;
  currency: string;
  /** ISO weekdays open, with hours and one lunch break. */
  days: number[];
  opens: string;
  closes: string;
  lunch: { starts: string; ends: string };
}

/** Every demo account shares this password; the README lists the emails. */
export const DEMO_PASSWORD = 'glamify-demo';

export const demoCustomers = [
  { email: 'ana@example.com', name: 'Ana Costa' },
  { email: 'ben@example.com', name: 'Ben Okafor' },
  { email: 'chloe@example.com', name: 'Chloé Martin' },
];

export const demoAdmin = { email: 'admin@glamify.app', name: 'Glamify Admin' };

export const demoSalons: SeedSalon[] = [
  {
    name: 'Studio Schnitt',
    city: 'Berlin',
    address: 'Oranienstraße 12, 10999 Berlin',
    phone: '+49 30 6120 4455',
    timezone: 'Europe/Berlin',
    owner: { email: 'owner@studio-schnitt.de', name: 'Mara Becker' },
    staff: [
      { name: 'Jonas', bio: 'Precision cuts and fades; twelve years behind the chair.' },
      { name: 'Lea', bio: 'Colour specialist: balayage, highlights and corrections.' },
      { name: 'Emre', bio: 'Classic barbering, beards and hot towels.' },
    ],
    // A deposit at booking cuts no-shows: 20 % up front, free changes until a day before.
    policy: {
      depositPercent: 20,
      freeCancellationHours: 24,
      lateCancelFeePercent: 50,
      noShowFeePercent: 100,
      reminderHoursBefore: [24, 2],
    },
    currency: 'EUR',
    services: [
      { name: 'Haircut', description: 'Wash, cut and a quick finish.', durationMinutes: 30, priceCents: 3500 },
      {
        name: 'Haircut & blow-dry',
        description: 'Wash, cut and a full blow-dry styled to last.',
        durationMinutes: 45,
        priceCents: 5200,
      },
      {
        name: 'Colour',
        description: 'All-over colour with a gloss; includes a consultation.',
        durationMinutes: 90,
        bufferMinutes: 15,
        priceCents: 8900,
      },
      { name: 'Beard trim', description: 'Shape, line and oil.', durationMinutes: 15, priceCents: 1500 },
      {
        name: 'Highlights',
        description: 'Foil highlights, toner and blow-dry.',
        durationMinutes: 120,
        bufferMinutes: 15,
        priceCents: 11900,
      },
    ],
    days: [2, 3, 4, 5, 6],
    opens: '09:00',
    closes: '18:00',
    lunch: { starts: '12:30', ends: '13:30' },
  },
  {
    name: 'Kiez Coiffeur',
    city: 'Berlin',
    address: 'Kastanienallee 40, 10119 Berlin',
    phone: '+49 30 4403 2871',
    timezone: 'Europe/Berlin',
    owner: { email: 'owner@kiez-coiffeur.de', name: 'Tobias Wendt' },
    staff: [
      { name: 'Sophie', bio: 'Curly hair and natural textures.' },
      { name: 'Malik', bio: 'Quick, sharp cuts for every age.' },
    ],
    // No deposit; free changes until three hours before.
    policy: {
      depositPercent: 0,
      freeCancellationHours: 3,
      lateCancelFeePercent: 0,
      noShowFeePercent: 0,
      reminderHoursBefore: [24, 2],
    },
    currency: 'EUR',
    services: [
      { name: 'Dry cut', description: 'A cut on dry hair, no wash.', durationMinutes: 30, priceCents: 2900 },
      {
        name: 'Wash, cut & style',
        description: 'Wash, head massage, cut and styling.',
        durationMinutes: 60,
        priceCents: 5900,
      },
      {
        name: 'Balayage',
        description: 'Hand-painted lightening, toner and style.',
        durationMinutes: 150,
        bufferMinutes: 15,
        priceCents: 16500,
      },
      { name: 'Kids cut', description: 'For children up to 12.', durationMinutes: 15, priceCents: 1800 },
    ],
    days: [1, 2, 3, 4, 5, 6],
    opens: '10:00',
    closes: '19:00',
    lunch: { starts: '13:00', ends: '14:00' },
  },
  {
    name: 'Brooklyn Blowout Bar',
    city: 'New York',
    address: '210 Bedford Ave, Brooklyn, NY 11249',
    phone: '+1 718 555 0142',
    timezone: 'America/New_York',
    owner: { email: 'owner@blowoutbar.com', name: 'Dana Rivera' },
    staff: [
      { name: 'Aisha', bio: 'Silk presses and protective styles.' },
      { name: 'Marco', bio: 'Blowouts with volume that lasts.' },
      { name: 'Kim', bio: 'Precision bobs and lobs.' },
      { name: 'Priya', bio: 'Bridal and event updos.' },
    ],
    policy: {
      depositPercent: 0,
      freeCancellationHours: 24,
      lateCancelFeePercent: 0,
      noShowFeePercent: 0,
      reminderHoursBefore: [24, 2],
    },
    currency: 'USD',
    services: [
      { name: 'Blowout', description: 'Wash and a smooth, bouncy blowout.', durationMinutes: 45, priceCents: 5500 },
      {
        name: "Women's cut",
        description: 'Consultation, wash, cut and blowout.',
        durationMinutes: 60,
        priceCents: 8500,
      },
      { name: "Men's cut", description: 'Wash, cut and style.', durationMinutes: 30, priceCents: 4500 },
      {
        name: 'Gloss treatment',
        description: 'Shine and tone refresh between colours.',
        durationMinutes: 30,
        bufferMinutes: 15,
        priceCents: 4000,
      },
      {
        name: 'Silk press',
        description: 'Deep condition, blow-dry and flat-iron finish.',
        durationMinutes: 90,
        priceCents: 12000,
      },
      { name: 'Updo', description: 'Event and bridal styling.', durationMinutes: 75, priceCents: 11000 },
    ],
    days: [1, 2, 3, 4, 5, 6, 7],
    opens: '09:00',
    closes: '19:00',
    lunch: { starts: '12:00', ends: '12:45' },
  },
  {
    name: 'Harlem Fade Co.',
    city: 'New York',
    address: '301 Lenox Ave, New York, NY 10027',
    phone: '+1 212 555 0199',
    timezone: 'America/New_York',
    owner: { email: 'owner@harlemfade.com', name: 'Marcus Hill' },
    staff: [
      { name: 'Dre', bio: 'Skin fades and designs.' },
      { name: 'Luis', bio: 'Classic cuts and straight-razor shaves.' },
    ],
    policy: {
      depositPercent: 0,
      freeCancellationHours: 2,
      lateCancelFeePercent: 0,
      noShowFeePercent: 0,
      reminderHoursBefore: [24, 2],
    },
    currency: 'USD',
    services: [
      { name: 'Fade', description: 'Skin, low, mid or high fade.', durationMinutes: 30, priceCents: 4000 },
      { name: 'Cut & beard', description: 'Any cut plus beard shaping.', durationMinutes: 45, priceCents: 5500 },
      { name: 'Line-up', description: 'Edges and hairline only.', durationMinutes: 15, priceCents: 2000 },
      {
        name: 'Hot towel shave',
        description: 'Straight razor with hot towels.',
        durationMinutes: 30,
        priceCents: 3500,
      },
    ],
    days: [2, 3, 4, 5, 6],
    opens: '10:00',
    closes: '20:00',
    lunch: { starts: '14:00', ends: '14:30' },
  },
];
