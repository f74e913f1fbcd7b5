// The portal module's table (client accounts, sessions and tokens are the identity module's, auth/table.ts); db/schema.ts assembles every module's into Database. Only this module
// queries them: other modules ask its service (db/table-ownership.test.ts fails otherwise).

export interface ClientLinksTable {
  account_id: string;
  practice_id: string;
  client_id: string;
  created_at: number;
}

export interface PortalTables {
  client_links: ClientLinksTable;
}
