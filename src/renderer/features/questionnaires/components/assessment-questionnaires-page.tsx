/** Route /questionnaires/assessment/:assessmentId — the questionnaires of one bilan. */
import { useParams } from 'react-router-dom';
import { AssessmentQuestionnairesHeader, AssessmentQuestionnairesPanel } from './assessment-questionnaires-panel';

export function AssessmentQuestionnairesPage() {
  const { assessmentId = '' } = useParams();
  return (
    <>
      <AssessmentQuestionnairesHeader assessmentId={assessmentId} />
      <AssessmentQuestionnairesPanel assessmentId={assessmentId} />
    </>
  );
}
