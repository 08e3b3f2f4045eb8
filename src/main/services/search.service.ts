/** The global search box: beneficiaries (FTS over name, e-mail, company, city) and their assessments. */
import type { SessionUser } from '../../shared/api/app.api.js';
import type { SearchResult } from '../../shared/api/search.api.js';
import { listAssessments } from '../repositories/assessment.repository.js';
import { listBeneficiaryIds, searchBeneficiaries } from '../repositories/beneficiary.repository.js';
import { searchStaffIds } from '../repositories/search.repository.js';
import { requireScope } from './guard.js';
import type { ServiceContext } from './service-context.js';

export class SearchService {
  constructor(private readonly ctx: ServiceContext) {}

  async global(user: SessionUser, q: { query: string; limit: number }): Promise<SearchResult> {
    const scope = requireScope(user, 'beneficiaries');
    const assessmentScope = requireScope(user, 'assessments');
    const ownerId = scope === 'own' ? user.id : undefined;
    const db = this.ctx.db;
    const beneficiaries = await searchBeneficiaries(db, q.query, q.limit, ownerId);
    // Assessments of matching beneficiaries, then those of matching consultants.
    const { ids } = await listBeneficiaryIds(db, {
      query: q.query,
      ownerId,
      sort: 'lastName',
      dir: 'asc',
      offset: 0,
      limit: 50,
    });
    const consultantId = assessmentScope === 'own' ? user.id : undefined;
    const found = new Map<string, SearchResult['assessments'][number]>();
    for (const beneficiaryId of ids) {
      if (found.size >= q.limit) break;
      for (const a of await listAssessments(db, { beneficiaryId, consultantId, limit: q.limit })) {
        if (found.size < q.limit)
          found.set(a.id, {
            id: a.id,
            beneficiaryName: a.beneficiaryName,
            consultantName: a.consultantName,
            status: a.status,
          });
      }
    }
    if (found.size < q.limit && assessmentScope === 'all') {
      for (const staffId of await searchStaffIds(db, q.query)) {
        for (const a of await listAssessments(db, { consultantId: staffId, limit: q.limit })) {
          if (found.size < q.limit)
            found.set(a.id, {
              id: a.id,
              beneficiaryName: a.beneficiaryName,
              consultantName: a.consultantName,
              status: a.status,
            });
        }
      }
    }
    return { beneficiaries, assessments: [...found.values()] };
  }
}
