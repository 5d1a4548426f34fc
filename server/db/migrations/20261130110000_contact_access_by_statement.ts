import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * PostgreSQL keeps `contact_access` once per statement for new contacts and for links added or
 * removed, instead of once per row.
 *
 * Each row trigger ran the whole refresh (a delete and two inserts planned inside a plpgsql call)
 * for one contact: 1–2 ms a row, so loading a million demo contacts took most of an hour and a
 * 100k-row import minutes longer than its own inserts. Bulk writers insert hundreds of rows per
 * statement; a statement trigger sees them all in a transition table and refreshes them together
 * with the same function and rule. Row triggers stay where PostgreSQL allows no transition table
 * (updates of listed columns) and where changes come one at a time (team membership, reassigning a
 * client, renaming a contact).
 *
 * SQLite has no statement triggers; its row triggers run in-process, without that cost.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop trigger contact_access_link on client_contact`.execute(db);
  await sql`drop trigger contact_access_contact_insert on contact`.execute(db);
  // One function for every statement trigger: each names its transition table `changed`, whose
  // rows carry workspace_id and the contact's id (`contact_id` on links, `id` on contacts).
  await sql`create function contact_access_on_statement() returns trigger language plpgsql as $$
    declare w text;
    begin
      if tg_table_name = 'contact' then
        for w in select distinct workspace_id from changed loop
          perform contact_access_refresh(w, array(select id from changed where workspace_id = w));
        end loop;
      else
        for w in select distinct workspace_id from changed loop
          perform contact_access_refresh(w, array(select distinct contact_id from changed where workspace_id = w));
        end loop;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger contact_access_link_insert after insert on client_contact referencing new table as changed
    for each statement execute function contact_access_on_statement()`.execute(db);
  await sql`create trigger contact_access_link_delete after delete on client_contact referencing old table as changed
    for each statement execute function contact_access_on_statement()`.execute(db);
  await sql`create trigger contact_access_contact_insert after insert on contact referencing new table as changed
    for each statement execute function contact_access_on_statement()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop trigger contact_access_link_insert on client_contact`.execute(db);
  await sql`drop trigger contact_access_link_delete on client_contact`.execute(db);
  await sql`drop trigger contact_access_contact_insert on contact`.execute(db);
  await sql`drop function contact_access_on_statement()`.execute(db);
  await sql`create trigger contact_access_link after insert or delete on client_contact for each row execute function contact_access_on_link()`.execute(db);
  await sql`create trigger contact_access_contact_insert after insert on contact for each row execute function contact_access_on_contact()`.execute(db);
}
