// Which clients have unread messages: the client list's red marker. A service of its own, needing
// nothing, so the clients module can need it while the messages service needs clients.
import type { Db, Dialect } from '../../db/index.js';
import * as repo from './repo.js';

export class UnreadMessages {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /** Clients of the practice with unread messages (one query). */
  clientIds(practiceId: string): Promise<Set<string>> {
    return repo.unreadClientIds(this.db, this.dialect, practiceId);
  }
}
