/** The demo data: salons in two countries, with lunch breaks and real time zones. */

export interface SeedSalon {
  name: string;
  city: string;
  address: string;
  timezone: string;
  owner: { email: string; name: string };
  staff: string[];
  services: { name: string; durationMinutes: number; bufferMinutes?: number; priceCents: number }[];
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
    timezone: 'Europe/Berlin',
    owner: { email: 'owner@studio-schnitt.de', name: 'Mara Becker' },
    staff: ['Jonas', 'Lea', 'Emre'],
    currency: 'EUR',
    services: [
      { name: 'Haircut', durationMinutes: 30, priceCents: 3500 },
      { name: 'Haircut & blow-dry', durationMinutes: 45, priceCents: 5200 },
      { name: 'Colour', durationMinutes: 90, bufferMinutes: 15, priceCents: 8900 },
      { name: 'Beard trim', durationMinutes: 15, priceCents: 1500 },
      { name: 'Highlights', durationMinutes: 120, bufferMinutes: 15, priceCents: 11900 },
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
    timezone: 'Europe/Berlin',
    owner: { email: 'owner@kiez-coiffeur.de', name: 'Tobias Wendt' },
    staff: ['Sophie', 'Malik'],
    currency: 'EUR',
    services: [
      { name: 'Dry cut', durationMinutes: 30, priceCents: 2900 },
      { name: 'Wash, cut & style', durationMinutes: 60, priceCents: 5900 },
      { name: 'Balayage', durationMinutes: 150, bufferMinutes: 15, priceCents: 16500 },
      { name: 'Kids cut', durationMinutes: 15, priceCents: 1800 },
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
    timezone: 'America/New_York',
    owner: { email: 'owner@blowoutbar.com', name: 'Dana Rivera' },
    staff: ['Aisha', 'Marco', 'Kim', 'Priya'],
    currency: 'USD',
    services: [
      { name: 'Blowout', durationMinutes: 45, priceCents: 5500 },
      { name: "Women's cut", durationMinutes: 60, priceCents: 8500 },
      { name: "Men's cut", durationMinutes: 30, priceCents: 4500 },
      { name: 'Gloss treatment', durationMinutes: 30, bufferMinutes: 15, priceCents: 4000 },
      { name: 'Silk press', durationMinutes: 90, priceCents: 12000 },
      { name: 'Updo', durationMinutes: 75, priceCents: 11000 },
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
    timezone: 'America/New_York',
    owner: { email: 'owner@harlemfade.com', name: 'Marcus Hill' },
    staff: ['Dre', 'Luis'],
    currency: 'USD',
    services: [
      { name: 'Fade', durationMinutes: 30, priceCents: 4000 },
      { name: 'Cut & beard', durationMinutes: 45, priceCents: 5500 },
      { name: 'Line-up', durationMinutes: 15, priceCents: 2000 },
      { name: 'Hot towel shave', durationMinutes: 30, priceCents: 3500 },
    ],
    days: [2, 3, 4, 5, 6],
    opens: '10:00',
    closes: '20:00',
    lunch: { starts: '14:00', ends: '14:30' },
  },
];
