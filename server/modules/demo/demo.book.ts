import { sql, type Insertable } from 'kysely';
import type { Ctx, Runtime } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { ClientTable, ContactTable, EngagementTable, TaskTable } from '../../db/schema.js';
import { scoped } from '../../db/scoped.js';
import { newId } from '../../lib/ids.js';
import { richTextToText, sanitizeRichText } from '../../lib/rich-text.js';
import { memberContext } from '../access/member-context.js';
import { clientSearchText } from '../clients/clients.service.js';
import { contactSearchText } from '../contacts/contacts.service.js';
import { createField } from '../custom-fields/custom-fields.service.js';
import { createSegment } from '../segments/segments.service.js';
import { createTeam } from '../teams/teams.service.js';
import { between, companyNames, demoPhone, FIRST_NAMES, LAST_NAMES, pick, seededRandom, slug, TITLES, type Random } from './demo.names.js';

export interface BookSize {
  readonly clients: number;
  readonly contacts: number;
}

export interface BookPeople {
  readonly ownerMembershipId: string;
  readonly managerMembershipId: string;
  /** Every CSM, the named ones first; clients are dealt out among them. */
  readonly csmMembershipIds: readonly string[];
  readonly executiveMembershipId: string;
  readonly salesRepIds: readonly string[];
}

export interface BookResult {
  readonly clients: number;
  readonly contacts: number;
  readonly engagements: number;
  readonly tasks: number;
}

const DAY = 86_400_000;
/** Clients written per transaction: big enough to be quick, small enough to keep memory flat. */
const CLIENTS_PER_BATCH = 2000;
/** Rows per INSERT, under SQLite's 32,766 bound parameters and PostgreSQL's 65,535 for the widest table. */
const ROWS_PER_INSERT = 500;

const TIERS = ['Enterprise', 'Mid-Market', 'Mid-Market', 'SMB', 'SMB', 'SMB'];
const TAGS = ['strategic', 'reference', 'beta-program', 'multi-product', 'expansion', 'onboarding', 'at-risk', 'renewal-q1', 'renewal-q3', 'partner'];
const TERMINATION_REASONS = ['Budget cuts', 'Moved to a competitor', 'Company acquired', 'Product no longer needed', 'Poor adoption'];
const ROLE_CHOICES = ['champion', 'decision_maker', 'billing', 'technical', 'executive_sponsor'] as const;

const NOTES = [
  '<p>Quarterly business review went well. They want a <strong>roadmap preview</strong> before renewal.</p>',
  '<p>Kick-off call: agreed on three onboarding milestones.</p><ul><li>SSO configured</li><li>Data import</li><li>First team trained</li></ul>',
  '<p>Champion is changing roles next month; ask for an introduction to the successor.</p>',
  '<p>Usage dropped after the holiday period. Offered a refresher session for new team members.</p>',
  '<p>Asked about the reporting add-on. Sent the overview and looped in their account executive.</p>',
  '<p>Support tickets are down 40% since the workflow change. Good candidate for a case study.</p>',
];
const CALL_TITLES = ['Check-in call', 'Renewal planning', 'Escalation follow-up', 'Onboarding sync', 'Executive business review'];
const EMAIL_TITLES = ['Re: training materials', 'Renewal quote', 'Follow-up on open tickets', 'Feature request update'];
const TASK_TITLES = ['Send QBR deck', 'Schedule renewal call', 'Follow up on support escalation', 'Share onboarding checklist', 'Introduce product specialist', 'Review usage report'];

/** The custom fields a demo workspace has, made through the same service an admin uses. */
async function demoFields(ctx: Ctx): Promise<{ plan: string; region: string; seats: string; onboarded: string; goLive: string }> {
  const make = async (label: string, type: 'single_select' | 'number' | 'boolean' | 'date', options: string[] = []) =>
    (await createField(ctx, { entity: 'client', label, type, options, required: false })).key;
  return {
    plan: await make('Plan', 'single_select', ['Starter', 'Growth', 'Scale', 'Enterprise']),
    region: await make('Region', 'single_select', ['North America', 'EMEA', 'APAC', 'LATAM']),
    seats: await make('Seats purchased', 'number'),
    onboarded: await make('Onboarding complete', 'boolean'),
    goLive: await make('Go-live date', 'date'),
  };
}

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Writes a book of business into a demo workspace: clients with domains, tags, custom fields and
 * a few parent/child links; contacts with emails, phones and roles; a timeline per client; tasks.
 *
 * It writes rows in batches rather than through the per-record services, which would take hours
 * for a million contacts. What it writes is what those services would: the same search text,
 * the same search index, last touch from the timeline, sanitised rich text. The sensitive-data
 * guard is not run because the data is made here from word lists that hold nothing sensitive.
 */
export async function seedBook(rt: Runtime, workspaceId: string, people: BookPeople, size: BookSize, progress?: (done: number) => void): Promise<BookResult> {
  const owner = await memberContext(rt, workspaceId, people.ownerMembershipId);
  if (!owner) throw new Error('the demo owner is not a member');
  const random = seededRandom(size.clients * 7919 + size.contacts);
  const fields = await demoFields(owner);
  await createTeam(owner, { name: 'Enterprise team', membershipIds: [people.managerMembershipId, ...people.csmMembershipIds.slice(0, 10)] });
  for (let i = 10, n = 2; i < people.csmMembershipIds.length; i += 10, n += 1) {
    await createTeam(owner, { name: `Team ${n}`, membershipIds: people.csmMembershipIds.slice(i, i + 10) });
  }
  await createSegment(owner, {
    name: 'Enterprise, quiet for a month',
    scope: 'global',
    view: {
      filter: {
        op: 'and',
        conditions: [
          { column: 'tier', op: 'eq', value: 'Enterprise' },
          { column: 'days_since_last_touch', op: 'gt', value: 30 },
        ],
      },
      sort: [{ column: 'days_since_last_touch', dir: 'desc' }],
      columns: ['name', 'status', 'csm', 'last_touch', 'days_since_last_touch', 'open_tasks'],
    },
  });

  const now = rt.clock.now();
  const companies = companyNames(random, size.clients);
  const totals = { clients: 0, contacts: 0, engagements: 0, tasks: 0 };
  const ctx = { db: rt.database.db, workspaceId };
  let contactsLeft = size.contacts;
  for (let start = 0; start < size.clients; start += CLIENTS_PER_BATCH) {
    const end = Math.min(size.clients, start + CLIENTS_PER_BATCH);
    // Contacts are dealt evenly over what is left, so the total comes out exact.
    const contactsHere = Math.round((contactsLeft * (end - start)) / (size.clients - start));
    contactsLeft -= contactsHere;
    const batch = buildBatch(random, { start, end, contacts: contactsHere, companies, people, fields, now });
    await inTransaction({ rt, ...ctx }, async (tx) => {
      await insertMany(tx, 'client', batch.clients);
      await insertMany(tx, 'client_domain', batch.domains);
      await insertMany(tx, 'client_tag', batch.tags);
      await insertMany(tx, 'contact', batch.contacts);
      await insertMany(tx, 'contact_email', batch.emails);
      await insertMany(tx, 'contact_phone', batch.phones);
      await insertMany(tx, 'client_contact', batch.links);
      await insertMany(tx, 'engagement', batch.engagements);
      await insertMany(tx, 'engagement_participant', batch.participants);
      await insertMany(tx, 'task', batch.tasks);
      await rt.caps.indexNewSearchText(tx.db, workspaceId, 'client', batch.clients.map((c) => ({ id: c.id, text: c.search_text })));
      await rt.caps.indexNewSearchText(tx.db, workspaceId, 'contact', batch.contacts.map((c) => ({ id: c.id, text: c.search_text })));
    });
    totals.clients += batch.clients.length;
    totals.contacts += batch.contacts.length;
    totals.engagements += batch.engagements.length;
    totals.tasks += batch.tasks.length;
    progress?.(end);
  }
  // After a bulk load the planner's statistics describe an empty book; both databases take
  // `analyze`. PostgreSQL also vacuums, which marks the pages all-visible so counts and the
  // contact_access ranges are read from their indexes alone (autovacuum would, some time later).
  await (rt.caps.dialect === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(rt.database.db);
  return totals;
}

type Row<T> = Omit<Insertable<T>, 'workspace_id'>;

interface Batch {
  clients: (Row<ClientTable> & { id: string; search_text: string })[];
  domains: { domain: string; client_id: string }[];
  tags: { client_id: string; tag: string }[];
  contacts: (Row<ContactTable> & { id: string; search_text: string })[];
  emails: { email: string; contact_id: string; is_primary: number }[];
  phones: { contact_id: string; phone: string; label: string | null; position: number }[];
  links: { client_id: string; contact_id: string; roles: string; created_at: number }[];
  engagements: Row<EngagementTable>[];
  participants: { engagement_id: string; participant_id: string; participant_type: string }[];
  tasks: Row<TaskTable>[];
}

interface BatchInput {
  start: number;
  end: number;
  contacts: number;
  companies: { name: string; domain: string }[];
  people: BookPeople;
  fields: Awaited<ReturnType<typeof demoFields>>;
  now: number;
}

/** Parents are picked among clients of the same batch, so a child never points at a row not yet written. */
function buildBatch(random: Random, input: BatchInput): Batch {
  const { people, fields, now } = input;
  const b: Batch = { clients: [], domains: [], tags: [], contacts: [], emails: [], phones: [], links: [], engagements: [], participants: [], tasks: [] };
  const clientsInBatch = input.end - input.start;
  const contactsPerClient = Array.from({ length: clientsInBatch }, () => 0);
  for (let i = 0; i < input.contacts; i += 1) {
    // Every client gets one contact before any gets a second, then the rest land unevenly.
    const slot = i < clientsInBatch ? i : Math.floor(random() ** 1.5 * clientsInBatch);
    contactsPerClient[slot] = (contactsPerClient[slot] ?? 0) + 1;
  }
  for (let i = input.start; i < input.end; i += 1) {
    const company = input.companies[i];
    if (!company) break;
    const id = newId('client');
    const csm = people.csmMembershipIds[i % people.csmMembershipIds.length] ?? null;
    const roll = random();
    const status = roll < 0.7 ? 'active' : roll < 0.8 ? 'trial' : roll < 0.92 ? 'inactive' : 'terminated';
    const since = now - between(random, 30, 6 * 365) * DAY;
    const terminatedOn = status === 'terminated' ? dateOf(now - between(random, 1, 300) * DAY) : null;
    const tier = pick(random, TIERS);
    const parentPool = b.clients.length > 20 ? b.clients : [];
    const parent = parentPool.length > 0 && random() < 0.04 ? pick(random, parentPool).id : null;
    const plan = tier === 'Enterprise' ? 'Enterprise' : pick(random, ['Starter', 'Growth', 'Scale']);
    const contactIds: string[] = [];
    // Emails are made from the client's own domain, so they can only collide within one client.
    const taken = new Set<string>();
    for (let c = 0; c < (contactsPerClient[i - input.start] ?? 0); c += 1) {
      contactIds.push(addContact(random, b, company.domain, c === 0, now, taken, id));
    }

    // The timeline: older clients have more history; last touch is the latest call, meeting or email.
    let lastTouch: number | null = null;
    const engagementCount = status === 'terminated' ? between(random, 0, 2) : between(random, 0, 5);
    for (let e = 0; e < engagementCount; e += 1) {
      const type = pick(random, ['note', 'call', 'call', 'meeting', 'email'] as const);
      const occurredAt = now - between(random, 0, 200) * DAY - between(random, 0, DAY - 1);
      const html = type === 'note' ? pick(random, NOTES) : `<p>${pick(random, ['Discussed', 'Reviewed', 'Walked through'])} ${pick(random, ['adoption', 'the renewal', 'open tickets', 'the roadmap', 'training plans'])} with the team.</p>`;
      const bodyHtml = sanitizeRichText(html);
      const engagementId = newId('engagement');
      b.engagements.push({
        id: engagementId,
        client_id: id,
        type,
        title: type === 'note' ? 'Account note' : type === 'email' ? pick(random, EMAIL_TITLES) : pick(random, CALL_TITLES),
        body_html: bodyHtml,
        body_text: richTextToText(bodyHtml),
        occurred_at: occurredAt,
        pinned: type === 'note' && e === 0 && random() < 0.3 ? 1 : 0,
        author_membership_id: csm,
        created_at: occurredAt,
        updated_at: occurredAt,
      });
      if (type !== 'note') {
        lastTouch = Math.max(lastTouch ?? 0, occurredAt);
        const who = contactIds[0];
        if (who) b.participants.push({ engagement_id: engagementId, participant_id: who, participant_type: 'contact' });
        if (csm) b.participants.push({ engagement_id: engagementId, participant_id: csm, participant_type: 'member' });
      }
    }
    if (status !== 'terminated' && status !== 'inactive' && random() < 0.6) {
      const due = now + between(random, -20, 30) * DAY;
      const done = random() < 0.25;
      b.tasks.push({
        id: newId('task'),
        title: pick(random, TASK_TITLES),
        description: '',
        client_id: id,
        assignee_membership_id: csm,
        due_on: dateOf(due),
        priority: pick(random, ['low', 'normal', 'normal', 'high', 'urgent'] as const),
        status: done ? 'done' : pick(random, ['open', 'open', 'in_progress'] as const),
        completed_at: done ? Math.min(now, due) : null,
        created_by_membership_id: csm,
        created_at: now - between(random, 20, 60) * DAY,
        updated_at: now,
      });
    }

    const domains = [company.domain];
    b.clients.push({
      id,
      name: company.name,
      status,
      client_since: dateOf(since),
      terminated_on: terminatedOn,
      termination_reason: terminatedOn ? pick(random, TERMINATION_REASONS) : null,
      csm_membership_id: csm,
      sponsor_membership_id: tier === 'Enterprise' ? people.executiveMembershipId : null,
      sales_rep_id: pick(random, people.salesRepIds),
      parent_client_id: parent,
      tier,
      external_id: `CRM-${String(100000 + i)}`,
      custom_fields: JSON.stringify({
        [fields.plan]: plan,
        [fields.region]: pick(random, ['North America', 'North America', 'EMEA', 'APAC', 'LATAM']),
        [fields.seats]: tier === 'Enterprise' ? between(random, 200, 5000) : between(random, 5, 250),
        [fields.onboarded]: random() < 0.8,
        [fields.goLive]: dateOf(since + between(random, 14, 90) * DAY),
      }),
      search_text: clientSearchText(company.name, domains),
      last_touch_at: lastTouch,
      import_id: null,
      created_at: since,
      updated_at: now - between(random, 0, 30) * DAY,
    });
    for (const domain of domains) b.domains.push({ domain, client_id: id });
    const tagCount = between(random, 0, 2);
    const tags = new Set<string>();
    for (let t = 0; t < tagCount; t += 1) tags.add(pick(random, TAGS));
    for (const tag of tags) b.tags.push({ client_id: id, tag });
  }
  return b;
}

function addContact(random: Random, b: Batch, domain: string, primary: boolean, now: number, taken: Set<string>, clientId: string): string {
  const id = newId('contact');
  const first = pick(random, FIRST_NAMES);
  const last = pick(random, LAST_NAMES);
  const local = `${slug(first)}.${slug(last)}`;
  let email = `${local}@${domain}`;
  for (let n = 2; taken.has(email); n += 1) email = `${local}${n}@${domain}`;
  taken.add(email);
  const roles: string[] = primary ? ['primary'] : [];
  if (random() < 0.35) roles.push(pick(random, ROLE_CHOICES));
  const created = now - between(random, 10, 900) * DAY;
  b.contacts.push({
    id,
    first_name: first,
    last_name: last,
    title: pick(random, TITLES),
    do_not_contact: random() < 0.02 ? 1 : 0,
    marketing_opt_out: random() < 0.1 ? 1 : 0,
    source: random() < 0.7 ? 'import' : 'manual',
    external_id: null,
    custom_fields: '{}',
    search_text: contactSearchText(first, last, [email]),
    created_by_membership_id: null,
    import_id: null,
    created_at: created,
    updated_at: created,
  });
  b.emails.push({ email, contact_id: id, is_primary: 1 });
  if (random() < 0.6) b.phones.push({ contact_id: id, phone: demoPhone(random), label: pick(random, ['work', 'mobile']), position: 0 });
  b.links.push({ client_id: clientId, contact_id: id, roles: JSON.stringify(roles), created_at: created });
  return id;
}

type Tx = { db: Ctx['db']; workspaceId: string };

async function insertMany(tx: Tx, table: Parameters<ReturnType<typeof scoped>['insertInto']>[0], rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the rows are typed per table above
    await scoped(tx).insertInto(table, rows.slice(i, i + ROWS_PER_INSERT) as any).execute();
  }
}
