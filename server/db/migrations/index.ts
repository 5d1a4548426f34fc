import type { Migration } from 'kysely';
import * as m20261129100000 from './20261129100000_create_foundation.js';
import * as m20261129130000 from './20261129130000_create_customer_360.js';
import * as m20261129170000 from './20261129170000_rebuild_search_index.js';
import * as m20261129180000 from './20261129180000_add_visibility_indexes.js';
import * as m20261130090000 from './20261130090000_create_contact_access.js';
import * as m20261130100000 from './20261130100000_add_book_and_count_indexes.js';
import * as m20261130110000 from './20261130110000_contact_access_by_statement.js';
import * as m20261130120000 from './20261130120000_add_contact_name_prefix_indexes.js';
import * as m20261130130000 from './20261130130000_cover_client_tier_index.js';
import * as m20261130140000 from './20261130140000_create_source.js';
import * as m20261201090000 from './20261201090000_create_usage.js';
import * as m20261202090000 from './20261202090000_add_consent_record_index.js';
import * as m20261206090000 from './20261206090000_add_usage_groups.js';
import * as m20261207090000 from './20261207090000_add_unmatched_group_ignore.js';

/**
 * Every migration, by name, in the order they run. Listed statically (not read from the folder)
 * so the compiled build and the TypeScript sources run the same set.
 */
export const migrations: Record<string, Migration> = {
  '20261129100000_create_foundation': m20261129100000,
  '20261129130000_create_customer_360': m20261129130000,
  '20261129170000_rebuild_search_index': m20261129170000,
  '20261129180000_add_visibility_indexes': m20261129180000,
  '20261130090000_create_contact_access': m20261130090000,
  '20261130100000_add_book_and_count_indexes': m20261130100000,
  '20261130110000_contact_access_by_statement': m20261130110000,
  '20261130120000_add_contact_name_prefix_indexes': m20261130120000,
  '20261130130000_cover_client_tier_index': m20261130130000,
  '20261130140000_create_source': m20261130140000,
  '20261201090000_create_usage': m20261201090000,
  '20261202090000_add_consent_record_index': m20261202090000,
  '20261206090000_add_usage_groups': m20261206090000,
  '20261207090000_add_unmatched_group_ignore': m20261207090000,
};
