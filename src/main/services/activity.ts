/** Audit trail: one activity_logs row per significant change, written in the same transaction. */
import type { WriteTx } from './service-context.js';

export async function logActivity(
  tx: WriteTx,
  entry: { action: string; entityType: string; entityId: string; details?: Record<string, unknown> },
): Promise<void> {
  await tx.insert('activity_logs', {
    id: tx.newId(),
    user_id: tx.userId,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    details: entry.details === undefined ? null : JSON.stringify(entry.details),
    ip_address: null,
    user_agent: null,
    created_at: tx.now,
  });
}
