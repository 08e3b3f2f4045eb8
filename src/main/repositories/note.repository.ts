/** Assessment notes: shared with the team, or private to their author. */
import type { Kysely } from 'kysely';
import type { Note } from '../../shared/api/assessments.api.js';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

function noteSelect(db: Db) {
  return db
    .selectFrom('assessment_notes as n')
    .leftJoin('users as u', 'u.id', 'n.author_id')
    .select([
      'n.id',
      'n.assessment_id',
      'n.author_id',
      'n.content',
      'n.is_private',
      'n.created_at',
      'n.updated_at',
      'n.deleted_at',
      'u.first_name',
      'u.last_name',
    ]);
}

type NoteSelected = Awaited<ReturnType<ReturnType<typeof noteSelect>['executeTakeFirstOrThrow']>>;

function toNote(r: NoteSelected): Note {
  return {
    id: r.id,
    assessmentId: r.assessment_id,
    authorId: r.author_id,
    authorName: r.first_name ? `${r.first_name} ${r.last_name ?? ''}`.trim() : '—',
    content: r.content,
    isPrivate: r.is_private === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Notes of an assessment visible to `viewerId`: shared ones and the viewer's private ones. */
export async function listVisibleNotes(db: Db, assessmentId: string, viewerId: string): Promise<Note[]> {
  const rows = await noteSelect(db)
    .where('n.assessment_id', '=', assessmentId)
    .where('n.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('n.is_private', '=', 0), eb('n.author_id', '=', viewerId)]))
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .execute();
  return rows.map(toNote);
}

/** A note by id, deleted or not. */
export async function findNote(db: Db, id: string): Promise<(Note & { deleted: boolean }) | null> {
  const r = await noteSelect(db).where('n.id', '=', id).executeTakeFirst();
  return r ? { ...toNote(r), deleted: r.deleted_at !== null } : null;
}
