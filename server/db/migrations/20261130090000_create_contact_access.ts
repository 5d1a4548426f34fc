import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * `contact_access`: who may read each contact when they do not see every client — one row per
 * contact and member who is the CSM or executive sponsor of a client it is linked to, or who
 * created it while it is linked to none, and one per team such a member belongs to (what a
 * manager reads) — with the contact's name and search text beside it. `reader_id` is a
 * membership id or a team id; their prefixes differ, so the two kinds never collide.
 *
 * Why a table. A CSM sees about 9,000 of a million contacts. Worked out per request, their
 * contact list read their clients, the clients' links and every one of those contacts, then sorted
 * them (60–85 ms alone); their search tested ten thousand "okafor" matches one by one. With this
 * table the list is a range of one index already in name order, the count a range of the same
 * index, and the search scans that range's search text.
 *
 * Why triggers. The rows follow from links, client assignments and contact names, which many
 * paths change (the API, bulk edit, imports and their undo, cascading deletes). Triggers keep the
 * table right whichever path writes, in the same transaction; a test compares the table with the
 * rule after every kind of change. Each trigger recomputes the rows of the contacts concerned from
 * the rule itself rather than patching them, so there is one definition of the rule per dialect.
 */

/**
 * The rows `contact_access` should hold: for the contacts `contactIds` (a SQL list or subquery) of
 * workspace `ws`, or for every contact when `only` is left out (the backfill).
 */
function expectedMemberRows(only?: { ws: RawBuilder<unknown>; contactIds: RawBuilder<unknown> }) {
  const links = only ? sql`cc.workspace_id = ${only.ws} and cc.contact_id in (${only.contactIds})` : sql`1 = 1`;
  const own = only ? sql`o.workspace_id = ${only.ws} and o.id in (${only.contactIds})` : sql`1 = 1`;
  return sql`
    select r.workspace_id, r.contact_id, r.reader_id, ct.last_name, ct.first_name, ct.search_text
    from (
      select cc.workspace_id, cc.contact_id, c.csm_membership_id as reader_id
        from client_contact cc join client c on c.workspace_id = cc.workspace_id and c.id = cc.client_id
        where ${links} and c.csm_membership_id is not null
      union
      select cc.workspace_id, cc.contact_id, c.sponsor_membership_id
        from client_contact cc join client c on c.workspace_id = cc.workspace_id and c.id = cc.client_id
        where ${links} and c.sponsor_membership_id is not null
      union
      select o.workspace_id, o.id, o.created_by_membership_id
        from contact o
        where ${own} and o.created_by_membership_id is not null
          and not exists (select 1 from client_contact l where l.workspace_id = o.workspace_id and l.contact_id = o.id)
    ) r
    join contact ct on ct.workspace_id = r.workspace_id and ct.id = r.contact_id`;
}

const COLUMNS = sql`(workspace_id, contact_id, reader_id, last_name, first_name, search_text)`;

/**
 * The team rows, from the member rows already written (trigger bodies cannot use WITH): a team
 * reads what its members read. Only member rows join `team_member`.
 */
function teamRows(only?: { ws: RawBuilder<unknown>; contactIds: RawBuilder<unknown> }) {
  const which = only ? sql`a.workspace_id = ${only.ws} and a.contact_id in (${only.contactIds})` : sql`1 = 1`;
  return sql`
    select distinct a.workspace_id, a.contact_id, tm.team_id, a.last_name, a.first_name, a.search_text
    from contact_access a join team_member tm on tm.workspace_id = a.workspace_id and tm.membership_id = a.reader_id
    where ${which}`;
}

/** Delete-and-insert of the rows of `contactIds`, as statements for a trigger body. */
function refresh(ws: RawBuilder<unknown>, contactIds: RawBuilder<unknown>) {
  return sql`
    delete from contact_access where workspace_id = ${ws} and contact_id in (${contactIds});
    insert into contact_access ${COLUMNS} ${expectedMemberRows({ ws, contactIds })};
    insert into contact_access ${COLUMNS} ${teamRows({ ws, contactIds })};`;
}

const ref = (s: string) => sql.raw(s);

export async function up(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('contact_access')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('reader_id', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text')
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_access_pkey', ['workspace_id', 'contact_id', 'reader_id'])
    .addForeignKeyConstraint('contact_access_contact_fkey', ['workspace_id', 'contact_id'], 'contact', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  // A reader's contacts in list order, ending in the search text so that a CSM's or manager's
  // search reads nothing but this index. (A trigram index here would not help: PostgreSQL's
  // estimate for a common term is a hundred times too low, and it then chose the trigram bitmap
  // over this range, 0.4 s instead of 8 ms.)
  await db.schema
    .createIndex('contact_access_reader_name_idx')
    .on('contact_access')
    .columns(['workspace_id', 'reader_id', 'last_name', 'first_name', 'contact_id', 'search_text'])
    .execute();

  await sql`insert into contact_access ${COLUMNS} ${expectedMemberRows()}`.execute(db);
  await sql`insert into contact_access ${COLUMNS} ${teamRows()}`.execute(db);

  if (isPostgres) {
    await sql`create function contact_access_refresh(ws text, ids text[]) returns void language sql as $$
      ${refresh(ref('ws'), ref('select unnest(ids)'))}
    $$`.execute(db);
    await sql`create function contact_access_on_link() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then perform contact_access_refresh(old.workspace_id, array[old.contact_id]); return old; end if;
        perform contact_access_refresh(new.workspace_id, array[new.contact_id]); return new;
      end $$`.execute(db);
    await sql`create function contact_access_on_client() returns trigger language plpgsql as $$
      begin
        perform contact_access_refresh(new.workspace_id, array(select contact_id from client_contact where workspace_id = new.workspace_id and client_id = new.id));
        return new;
      end $$`.execute(db);
    await sql`create function contact_access_on_contact() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' or new.created_by_membership_id is distinct from old.created_by_membership_id then
          perform contact_access_refresh(new.workspace_id, array[new.id]);
        else
          update contact_access set last_name = new.last_name, first_name = new.first_name, search_text = new.search_text
            where workspace_id = new.workspace_id and contact_id = new.id;
        end if;
        return new;
      end $$`.execute(db);
    await sql`create function contact_access_on_team_member() returns trigger language plpgsql as $$
      declare m team_member;
      begin
        if tg_op = 'DELETE' then m := old; else m := new; end if;
        perform contact_access_refresh(m.workspace_id, array(select contact_id from contact_access where workspace_id = m.workspace_id and reader_id = m.membership_id));
        return m;
      end $$`.execute(db);
    await sql`create trigger contact_access_link after insert or delete on client_contact for each row execute function contact_access_on_link()`.execute(db);
    await sql`create trigger contact_access_team_member after insert or delete on team_member for each row execute function contact_access_on_team_member()`.execute(db);
    await sql`create trigger contact_access_client after update of csm_membership_id, sponsor_membership_id on client for each row
      when (new.csm_membership_id is distinct from old.csm_membership_id or new.sponsor_membership_id is distinct from old.sponsor_membership_id)
      execute function contact_access_on_client()`.execute(db);
    await sql`create trigger contact_access_contact_insert after insert on contact for each row execute function contact_access_on_contact()`.execute(db);
    await sql`create trigger contact_access_contact_update after update of last_name, first_name, search_text, created_by_membership_id on contact for each row
      execute function contact_access_on_contact()`.execute(db);
  } else {
    const linksOfClient = sql`select contact_id from client_contact where workspace_id = new.workspace_id and client_id = new.id`;
    await sql`create trigger contact_access_link_insert after insert on client_contact begin
      ${refresh(ref('new.workspace_id'), ref('new.contact_id'))}
    end`.execute(db);
    await sql`create trigger contact_access_link_delete after delete on client_contact begin
      ${refresh(ref('old.workspace_id'), ref('old.contact_id'))}
    end`.execute(db);
    for (const [name, row] of [['team_member_insert', 'new'], ['team_member_delete', 'old']] as const) {
      // From the base tables: the refresh's delete would empty a subquery on contact_access itself.
      const [ws, member] = [ref(`${row}.workspace_id`), ref(`${row}.membership_id`)];
      const readBy = sql`select cc.contact_id from client_contact cc join client c on c.workspace_id = cc.workspace_id and c.id = cc.client_id
          where cc.workspace_id = ${ws} and (c.csm_membership_id = ${member} or c.sponsor_membership_id = ${member})
        union select o.id from contact o where o.workspace_id = ${ws} and o.created_by_membership_id = ${member}`;
      await sql`create trigger ${ref(`contact_access_${name}`)} after ${ref(name.endsWith('insert') ? 'insert' : 'delete')} on team_member begin
        ${refresh(ws, readBy)}
      end`.execute(db);
    }
    await sql`create trigger contact_access_client after update of csm_membership_id, sponsor_membership_id on client
      when new.csm_membership_id is not old.csm_membership_id or new.sponsor_membership_id is not old.sponsor_membership_id begin
      ${refresh(ref('new.workspace_id'), linksOfClient)}
    end`.execute(db);
    await sql`create trigger contact_access_contact_insert after insert on contact begin
      ${refresh(ref('new.workspace_id'), ref('new.id'))}
    end`.execute(db);
    await sql`create trigger contact_access_contact_creator after update of created_by_membership_id on contact
      when new.created_by_membership_id is not old.created_by_membership_id begin
      ${refresh(ref('new.workspace_id'), ref('new.id'))}
    end`.execute(db);
    await sql`create trigger contact_access_contact_name after update of last_name, first_name, search_text on contact begin
      update contact_access set last_name = new.last_name, first_name = new.first_name, search_text = new.search_text
        where workspace_id = new.workspace_id and contact_id = new.id;
    end`.execute(db);
  }
  // Statistics for the new table beside the analysed ones (see 20261129180000).
  await sql`analyze contact_access`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (isPostgres) {
    await sql`drop trigger contact_access_link on client_contact`.execute(db);
    await sql`drop trigger contact_access_team_member on team_member`.execute(db);
    await sql`drop function contact_access_on_team_member()`.execute(db);
    await sql`drop trigger contact_access_client on client`.execute(db);
    await sql`drop trigger contact_access_contact_insert on contact`.execute(db);
    await sql`drop trigger contact_access_contact_update on contact`.execute(db);
    await sql`drop function contact_access_on_link()`.execute(db);
    await sql`drop function contact_access_on_client()`.execute(db);
    await sql`drop function contact_access_on_contact()`.execute(db);
    await sql`drop function contact_access_refresh(text, text[])`.execute(db);
  } else {
    for (const name of ['link_insert', 'link_delete', 'team_member_insert', 'team_member_delete', 'client', 'contact_insert', 'contact_creator', 'contact_name']) {
      await sql`drop trigger ${sql.raw(`contact_access_${name}`)}`.execute(db);
    }
  }
  await db.schema.dropTable('contact_access').execute();
}
