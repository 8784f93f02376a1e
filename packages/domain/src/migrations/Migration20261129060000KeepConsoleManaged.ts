import { Migration } from '@mikro-orm/migrations';

/**
 * "Keep console-managed": an admin's per-user exclusion from IdP takeover. An IdP create of that
 * login ID is refused (409) even under "All users", until an admin hands the user over.
 */
export class Migration20261129060000KeepConsoleManaged extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table directory_user add column keep_console_managed boolean not null default false;`);
  }
}
