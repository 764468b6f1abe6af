import type { Prng } from '../prng.ts';

// Name material for generated users, in the style of an Active Directory domain.
const FIRST = [
  'Anna',
  'Bram',
  'Chloe',
  'Daan',
  'Emma',
  'Finn',
  'Greta',
  'Hugo',
  'Iris',
  'Jasper',
  'Julia',
  'Lars',
  'Lotte',
  'Milan',
  'Noah',
  'Olivia',
  'Pieter',
  'Quinten',
  'Ruben',
  'Sara',
  'Thomas',
  'Uma',
  'Vera',
  'Willem',
  'Xander',
  'Yara',
  'Zoe',
  'Ahmed',
  'Beatriz',
  'Carlos',
  'Dmitri',
  'Elena',
  'Fatima',
  'Giulia',
  'Hiroshi',
  'Ingrid',
  'Jamal',
  'Katarzyna',
  'Liam',
  'Mei',
  'Nadia',
  'Oskar',
  'Priya',
  'Rafael',
  'Sofia',
  'Tariq',
  'Ursula',
  'Viktor',
  'Wen',
  'Yusuf',
  'Zara',
  'Marta',
  'James',
  'Mary',
  'Robert',
  'Linda',
  'David',
  'Susan',
  'Mark',
  'Karen',
];
const LAST = [
  'de Vries',
  'Jansen',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'Dekker',
  'Brouwer',
  'Schouten',
  'Kok',
  'Müller',
  'Schmidt',
  'Fischer',
  'Weber',
  'Wagner',
  'Becker',
  'Hoffmann',
  'Dubois',
  'Laurent',
  'Moreau',
  'Rossi',
  'Russo',
  'Ferrari',
  'García',
  'Martínez',
  'López',
  'Novak',
  'Kowalski',
  'Nowak',
  'Horvat',
  'Johansson',
  'Andersen',
  'Nielsen',
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Wilson',
  'Evans',
  'Patel',
  'Khan',
  'Singh',
  'Chen',
  'Wang',
  'Tanaka',
  'Sato',
  'Kim',
  'Park',
  'Nguyen',
  'Silva',
  'Santos',
  'Costa',
];
export const DEPARTMENTS = [
  'Finance',
  'Human Resources',
  'Sales',
  'Marketing',
  'Engineering',
  'Operations',
  'Legal',
  'Customer Service',
  'IT',
  'Procurement',
] as const;

export const DOMAIN = 'CORP';
export const MAIL_DOMAIN = 'corp.example';

export interface Person {
  login: string;
  displayName: string;
  email: string;
}

/** Makes unique people; a second "Anna Jansen" becomes anna.jansen2. */
export class PeopleFactory {
  private readonly taken = new Map<string, number>();
  constructor(private readonly rng: Prng) {}

  next(): Person {
    const first = this.rng.pick(FIRST);
    const last = this.rng.pick(LAST);
    const base = `${first}.${last}`
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z.]/g, '')
      .toLowerCase();
    const n = (this.taken.get(base) ?? 0) + 1;
    this.taken.set(base, n);
    const sam = n === 1 ? base : `${base}${n}`;
    return { login: `${DOMAIN}\\${sam}`, displayName: `${first} ${last}`, email: `${sam}@${MAIL_DOMAIN}` };
  }
}
