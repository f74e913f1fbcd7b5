// Note templates: the built-in SOAP, DAP and BIRP (templates.ts) and the practice's own, built from
// typed fields (shared/fields.ts). A template is never changed once made: notes copy its fields when
// started, and a new version of a template is a new template.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import { invalid } from '../../errors.js';
import type { FieldList } from '../../../shared/fields.js';
import type { NoteKind, NoteTemplate, NoteTemplateCreate } from '../../../shared/notes.js';
import { byStaff } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import * as repo from './repo.js';
import { BUILT_IN_TEMPLATES, builtInTemplate } from './templates.js';

type TemplateRow = NonNullable<Awaited<ReturnType<typeof repo.template>>>;

const fromRow = (r: TemplateRow): NoteTemplate => ({
  id: r.id,
  name: r.name,
  builtIn: false,
  kinds: JSON.parse(r.kinds) as NoteKind[],
  fields: JSON.parse(r.fields) as FieldList,
  createdAt: new Date(Number(r.created_at)).toISOString(),
});

export class NoteTemplates {
  constructor(private readonly ctx: AppContext) {}

  async list(s: ResolvedSession): Promise<{ items: NoteTemplate[] }> {
    return { items: [...BUILT_IN_TEMPLATES, ...(await repo.templates(this.ctx.db, s.user.practiceId)).map(fromRow)] };
  }

  async find(practiceId: string, id: string): Promise<NoteTemplate | undefined> {
    const builtIn = builtInTemplate(id);
    if (builtIn) return builtIn;
    const row = await repo.template(this.ctx.db, practiceId, id);
    return row ? fromRow(row) : undefined;
  }

  async create(s: ResolvedSession, input: NoteTemplateCreate, meta: RequestMeta): Promise<NoteTemplate> {
    const sig = input.fields.findIndex((f) => f.kind === 'signature');
    if (sig >= 0) throw invalid(`fields.${sig}.kind`, 'a signature field belongs on a form, not a note (the note itself is signed)');
    const id = randomUUID();
    const now = this.ctx.clock.now();
    const kinds = [...new Set(input.kinds)];
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertTemplate(tx, { id, practice_id: s.user.practiceId, name: input.name, kinds: JSON.stringify(kinds), fields: JSON.stringify(input.fields), created_by: s.user.id, created_at: now });
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'create', resource: { type: 'note_template', id }, outcome: 'success', details: { fields: input.fields.length } }, tx);
    });
    return { id, name: input.name, builtIn: false, kinds, fields: input.fields, createdAt: new Date(now).toISOString() };
  }
}
