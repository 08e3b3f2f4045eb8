/**
 * The synthesis content typed by the consultant (`synthesis.*` variables of the document de synthèse)
 * ⇄ simple text fields: one skill per line ("Compétence : précision"), one step per line
 * ("Étape | échéance | moyens").
 */
import type { TemplateValues } from '../../../../shared/api/documents.api';

export interface SynthesisForm {
  circumstances: string;
  initialRequest: string;
  skills: string;
  aptitudes: string;
  motivations: string;
  questionnairesComment: string;
  projectTitle: string;
  projectDescription: string;
  alternativeProject: string;
  steps: string;
  trainingPlanned: boolean;
  trainingTitle: string;
  trainingOrganization: string;
  trainingDuration: string;
  trainingFunding: string;
  beneficiaryComments: string;
}

export const EMPTY_SYNTHESIS: SynthesisForm = {
  circumstances: '',
  initialRequest: '',
  skills: '',
  aptitudes: '',
  motivations: '',
  questionnairesComment: '',
  projectTitle: '',
  projectDescription: '',
  alternativeProject: '',
  steps: '',
  trainingPlanned: false,
  trainingTitle: '',
  trainingOrganization: '',
  trainingDuration: '',
  trainingFunding: '',
  beneficiaryComments: '',
};

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** Form fields from the values of a previous synthesis. */
export function synthesisFromValues(values: TemplateValues | undefined): SynthesisForm {
  const s = (values?.synthesis ?? {}) as Record<string, unknown>;
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  return {
    circumstances: str(s.circumstances),
    initialRequest: str(s.initial_request),
    skills: list(s.skills)
      .map((k) => {
        const o = (k ?? {}) as Record<string, unknown>;
        return str(o.detail) ? `${str(o.label)} : ${str(o.detail)}` : str(o.label);
      })
      .join('\n'),
    aptitudes: list(s.aptitudes).map(str).join('\n'),
    motivations: str(s.motivations),
    questionnairesComment: str(s.questionnaires_comment),
    projectTitle: str(s.project_title),
    projectDescription: str(s.project_description),
    alternativeProject: str(s.alternative_project),
    steps: list(s.steps)
      .map((k) => {
        const o = (k ?? {}) as Record<string, unknown>;
        return [str(o.label), str(o.deadline), str(o.resources)].join(' | ').replace(/( \| )+$/, '');
      })
      .join('\n'),
    trainingPlanned: s.training_planned === true,
    trainingTitle: str(s.training_title),
    trainingOrganization: str(s.training_organization),
    trainingDuration: str(s.training_duration),
    trainingFunding: str(s.training_funding),
    beneficiaryComments: str(s.beneficiary_comments),
  };
}

/** The `synthesis` values from the form (empty fields left out, so they count as missing). */
export function synthesisToValues(form: SynthesisForm): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (key: string, value: string) => {
    if (value.trim() !== '') out[key] = value.trim();
  };
  put('circumstances', form.circumstances);
  put('initial_request', form.initialRequest);
  const skills = lines(form.skills).map((l) => {
    const at = l.indexOf(':');
    return at > 0 ? { label: l.slice(0, at).trim(), detail: l.slice(at + 1).trim() } : { label: l };
  });
  if (skills.length > 0) out.skills = skills;
  const aptitudes = lines(form.aptitudes);
  if (aptitudes.length > 0) out.aptitudes = aptitudes;
  put('motivations', form.motivations);
  put('questionnaires_comment', form.questionnairesComment);
  put('project_title', form.projectTitle);
  put('project_description', form.projectDescription);
  put('alternative_project', form.alternativeProject);
  const steps = lines(form.steps).map((l) => {
    const [label = '', deadline = '', resources = ''] = l.split('|').map((p) => p.trim());
    return { label, ...(deadline ? { deadline } : {}), ...(resources ? { resources } : {}) };
  });
  if (steps.length > 0) out.steps = steps;
  out.training_planned = form.trainingPlanned;
  if (form.trainingPlanned) {
    put('training_title', form.trainingTitle);
    put('training_organization', form.trainingOrganization);
    put('training_duration', form.trainingDuration);
    put('training_funding', form.trainingFunding);
  }
  put('beneficiary_comments', form.beneficiaryComments);
  return out;
}

/** Sets a dotted path in a nested object. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[segments[segments.length - 1] as string] = value;
}

/** Flat "path → text" values (extra missing fields) merged into a values tree. */
export function withExtras(values: Record<string, unknown>, extras: Readonly<Record<string, string>>): TemplateValues {
  const out: Record<string, unknown> = JSON.parse(JSON.stringify(values)) as Record<string, unknown>;
  for (const [path, text] of Object.entries(extras)) if (text.trim() !== '') setPath(out, path, text.trim());
  return out;
}
