/**
 * Notes on an assessment. Private notes are seen by their author only; shared notes by everyone who
 * reaches the assessment. Only the author edits or deletes. Saving with a client-generated id is
 * idempotent (autosave): the first save creates, later ones update, an unchanged save writes nothing.
 */
import type { SessionUser } from '../../shared/api/app.api.js';
import type { Note } from '../../shared/api/assessments.api.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { findNote, listVisibleNotes } from '../repositories/note.repository.js';
import type { AssessmentService } from './assessment.service.js';
import { requirePermission } from './guard.js';
import type { ServiceContext } from './service-context.js';

export interface SaveNoteInput {
  readonly id?: string | undefined;
  readonly assessmentId: string;
  readonly content: string;
  readonly isPrivate: boolean;
}

export class NoteService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly assessments: AssessmentService,
  ) {}

  async list(user: SessionUser, assessmentId: string): Promise<Note[]> {
    requirePermission(user, 'notes.view');
    await this.assessments.reachable(user, assessmentId);
    return listVisibleNotes(this.ctx.db, assessmentId, user.id);
  }

  async save(user: SessionUser, input: SaveNoteInput): Promise<Note> {
    requirePermission(user, 'notes.write');
    await this.assessments.reachable(user, input.assessmentId);
    const existing = input.id !== undefined ? await findNote(this.ctx.db, input.id) : null;
    if (existing) {
      if (existing.authorId !== user.id) throw new ForbiddenError('notes.edit_own');
      if (existing.assessmentId !== input.assessmentId) {
        throw new ValidationError('assessmentId', 'note_of_other_assessment', 'The note belongs to another assessment');
      }
      if (existing.deleted) throw new AppError('CONFLICT', 'The note was deleted', { field: 'id', rule: 'deleted' });
    }
    const id = await this.ctx.write(user.id, async (tx) => {
      if (existing) {
        await tx.update('assessment_notes', existing.id, {
          content: input.content,
          is_private: input.isPrivate ? 1 : 0,
        });
        return existing.id;
      }
      const newId = input.id ?? tx.newId();
      await tx.insert('assessment_notes', {
        id: newId,
        assessment_id: input.assessmentId,
        author_id: user.id,
        content: input.content,
        is_private: input.isPrivate ? 1 : 0,
      });
      return newId;
    });
    const note = await findNote(this.ctx.db, id);
    if (!note) throw new NotFoundError('note', id);
    const { deleted: _deleted, ...rest } = note;
    return rest;
  }

  async delete(user: SessionUser, id: string): Promise<{ ok: true }> {
    requirePermission(user, 'notes.write');
    const note = await findNote(this.ctx.db, id);
    if (!note || note.deleted) throw new NotFoundError('note', id);
    await this.assessments.reachable(user, note.assessmentId);
    if (note.isPrivate && note.authorId !== user.id) throw new NotFoundError('note', id);
    if (note.authorId !== user.id) throw new ForbiddenError('notes.edit_own');
    await this.ctx.write(user.id, async (tx) => {
      await tx.softDelete('assessment_notes', id);
    });
    return { ok: true };
  }
}
