/**
 * Word lists and a seeded random source for the demo book of business. Seeded so that two runs
 * with the same sizes build the same names, which keeps benchmark figures comparable between runs.
 * Every domain ends in a reserved test name (`.example`), so a demo never points at a real company.
 */

/** mulberry32: small, fast, and good enough to pick names; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

/** A whole number from `min` to `max`, both included. */
export const between = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

const COMPANY_FIRST = [
  'Acme', 'Alder', 'Amber', 'Apex', 'Arbor', 'Aspen', 'Atlas', 'Aurora', 'Beacon', 'Birch', 'Blue Fin', 'Bright', 'Brook', 'Cascade', 'Cedar',
  'Cinder', 'Cobalt', 'Comet', 'Copper', 'Coral', 'Crest', 'Crimson', 'Delta', 'Drift', 'Eagle', 'Ember', 'Evergreen', 'Falcon', 'Fern', 'Fjord',
  'Flint', 'Forge', 'Fox', 'Garnet', 'Glacier', 'Granite', 'Harbor', 'Hazel', 'Heron', 'Highland', 'Horizon', 'Indigo', 'Iris', 'Ivy', 'Jade',
  'Juniper', 'Keystone', 'Kestrel', 'Lantern', 'Larch', 'Linden', 'Lumen', 'Maple', 'Meadow', 'Meridian', 'Mesa', 'Northwind', 'Oak', 'Onyx',
  'Orchid', 'Osprey', 'Pacific', 'Pine', 'Pioneer', 'Polar', 'Prairie', 'Quarry', 'Quartz', 'Raven', 'Redwood', 'Ridge', 'River', 'Sable',
  'Saffron', 'Sage', 'Sierra', 'Silver', 'Slate', 'Solstice', 'Sparrow', 'Spruce', 'Summit', 'Tall Pine', 'Teal', 'Thistle', 'Tidal', 'Timber',
  'Topaz', 'Trillium', 'Tundra', 'Umber', 'Vale', 'Vantage', 'Verde', 'Willow', 'Wren', 'Yarrow', 'Zephyr',
];

const COMPANY_SECOND = [
  'Analytics', 'Apparel', 'Bank', 'Bio', 'Brands', 'Capital', 'Cargo', 'Clinics', 'Cloud', 'Coffee', 'Commerce', 'Consulting', 'Credit Union',
  'Data', 'Dental', 'Design', 'Devices', 'Digital', 'Energy', 'Engineering', 'Farms', 'Fitness', 'Foods', 'Freight', 'Games', 'Goods', 'Health',
  'Homes', 'Hospitality', 'Industries', 'Insurance', 'Labs', 'Learning', 'Legal', 'Logistics', 'Manufacturing', 'Marine', 'Media', 'Medical',
  'Metals', 'Mobility', 'Motors', 'Networks', 'Outfitters', 'Partners', 'Payments', 'Pharma', 'Power', 'Print', 'Properties', 'Realty', 'Retail',
  'Robotics', 'Security', 'Software', 'Solar', 'Studios', 'Supply', 'Systems', 'Telecom', 'Textiles', 'Therapeutics', 'Tools', 'Travel', 'Ventures',
  'Water', 'Wellness', 'Works',
];

const COMPANY_SUFFIX = ['', '', '', '', '', ' Inc.', ' Ltd', ' GmbH', ' Group', ' Co.', ' LLC', ' & Sons', ' Holdings', ' AB', ' SA', ' Pty Ltd', ' BV'];

export const FIRST_NAMES = [
  'Aaliyah', 'Adam', 'Aditi', 'Ahmed', 'Aiko', 'Alejandro', 'Alex', 'Amara', 'Amelia', 'Ana', 'Andrei', 'Anika', 'Arjun', 'Ava', 'Ben', 'Bianca',
  'Camila', 'Carlos', 'Chen', 'Chloe', 'Chidi', 'Daniel', 'Daria', 'David', 'Diego', 'Elena', 'Eli', 'Emeka', 'Emma', 'Erik', 'Fatima', 'Felix',
  'Freya', 'Gabriel', 'Grace', 'Hana', 'Hannah', 'Hiro', 'Ibrahim', 'Ines', 'Isaac', 'Isla', 'Ivan', 'Jack', 'Jamal', 'Jana', 'Javier', 'Jin',
  'Jonas', 'Jordan', 'Julia', 'Kai', 'Kamala', 'Karin', 'Kenji', 'Kofi', 'Lars', 'Layla', 'Leah', 'Leo', 'Lina', 'Lucas', 'Lucia', 'Maya',
  'Mateo', 'Mei', 'Mia', 'Mohammed', 'Nadia', 'Naomi', 'Nia', 'Nikhil', 'Noah', 'Nora', 'Olga', 'Omar', 'Oscar', 'Paolo', 'Priya', 'Rafael',
  'Rania', 'Ravi', 'Rosa', 'Ruth', 'Sam', 'Sara', 'Sebastian', 'Sofia', 'Sven', 'Tariq', 'Tessa', 'Theo', 'Tomás', 'Uma', 'Valentina', 'Victor',
  'Wei', 'Yara', 'Yusuf', 'Zoe',
];

export const LAST_NAMES = [
  'Abara', 'Adeyemi', 'Almeida', 'Andersen', 'Bauer', 'Becker', 'Bianchi', 'Brennan', 'Brooks', 'Castillo', 'Chang', 'Chowdhury', 'Costa', 'Cruz',
  'Dahl', 'Das', 'Dubois', 'Eriksson', 'Evans', 'Farah', 'Fernandes', 'Fischer', 'Fitzgerald', 'Garcia', 'Gomez', 'Gupta', 'Haddad', 'Hansen',
  'Hayes', 'Hernandez', 'Hoffmann', 'Hughes', 'Ibrahim', 'Ito', 'Jansen', 'Jensen', 'Johansson', 'Kaur', 'Kim', 'Kowalski', 'Kumar', 'Larsen',
  'Laurent', 'Lee', 'Lindberg', 'Lopez', 'Mahmoud', 'Martin', 'Mehta', 'Meyer', 'Moreau', 'Murphy', 'Nakamura', 'Nguyen', 'Novak', 'Nowak',
  'Okafor', 'Okonkwo', 'Olsen', 'Ortiz', 'Park', 'Patel', 'Pereira', 'Petrov', 'Popescu', 'Quinn', 'Rahman', 'Ramirez', 'Reyes', 'Rossi',
  'Russo', 'Sato', 'Schmidt', 'Schneider', 'Shah', 'Silva', 'Singh', 'Sorensen', 'Suzuki', 'Tan', 'Tanaka', 'Torres', 'Tran', 'Vargas',
  'Vasquez', 'Walsh', 'Wang', 'Weber', 'Williams', 'Wong', 'Yamamoto', 'Yilmaz', 'Young', 'Zhang', 'Zimmermann',
];

export const TITLES = [
  'VP Customer Experience', 'Head of Operations', 'Director of IT', 'Chief Technology Officer', 'Product Manager', 'Operations Manager',
  'Finance Manager', 'Procurement Lead', 'Engineering Manager', 'Marketing Director', 'Head of Sales', 'Office Manager', 'Data Analyst',
  'Support Lead', 'Chief Operating Officer', 'Program Manager', 'Solutions Architect', 'Accounts Payable Specialist', 'HR Business Partner',
  'Team Lead',
];

/** Valid numbers from ranges set aside for drama and examples, so no demo phone number rings anyone. */
export function demoPhone(random: Random): string {
  const n = between(random, 0, 99);
  switch (between(random, 0, 2)) {
    case 0:
      return `+1201555${String(100 + n).padStart(4, '0')}`; // NANP 555-01XX
    case 1:
      return `+4420794600${String(n).padStart(2, '0')}`; // Ofcom drama range
    default:
      return `+6149157${String(n).padStart(4, '0')}`; // ACMA fictitious mobile range
  }
}

/** Unique company names and domains: `count` of them, from the word lists and then numbered regions. */
export function companyNames(random: Random, count: number): { name: string; domain: string }[] {
  const names = new Set<string>();
  const domains = new Set<string>();
  const out: { name: string; domain: string }[] = [];
  const regions = ['', ' North America', ' EMEA', ' APAC', ' LATAM', ' Nordics', ' DACH', ' UK', ' Iberia', ' Benelux'];
  let attempts = 0;
  while (out.length < count) {
    attempts += 1;
    const base = `${pick(random, COMPANY_FIRST)} ${pick(random, COMPANY_SECOND)}`;
    // Past the point where the word lists run dry, regions and then numbers keep names unique.
    const region = attempts > count * 2 ? pick(random, regions) : '';
    let name = `${base}${region}${pick(random, COMPANY_SUFFIX)}`;
    if (names.has(name)) {
      if (attempts < count * 4) continue;
      name = `${name} ${out.length}`;
    }
    let domain = `${slug(base + region)}.example`;
    for (let i = 2; domains.has(domain); i += 1) domain = `${slug(base + region)}${i}.example`;
    names.add(name);
    domains.add(domain);
    out.push({ name, domain });
  }
  return out;
}

export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
