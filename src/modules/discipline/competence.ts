import type { DisciplineAuthority, DisciplineForm, DisciplineSubject, PrismaClient } from '../../generated/prisma/client.js';
import { citationOf } from '../../rules/rule.js';
import { toDbDate, type IsoDate } from '../../shared/dates.js';
import { RuleViolationError } from '../../shared/errors.js';

/** The deciding organisation on the decision day, with what its kind may decide by then. */
export type Decider = { id: string; code: string; kindCode: string; path: number[]; rows: DisciplineAuthority[] };

export async function loadDecider(prisma: PrismaClient, version: { organizationId: string; kindCode: string; path: number[]; code: string }, day: IsoDate): Promise<Decider> {
  const date = toDbDate(day);
  const rows = await prisma.disciplineAuthority.findMany({
    where: { organizationKind: version.kindCode, effectiveFrom: { lte: date }, OR: [{ effectiveTo: null }, { effectiveTo: { gt: date } }] },
    orderBy: [{ subject: 'asc' }, { levelsBelow: 'asc' }, { form: 'asc' }],
  });
  return { id: version.organizationId, code: version.code, kindCode: version.kindCode, path: version.path, rows };
}

/**
 * The competence row that lets the decider give `form` to the subject, or BEYOND_COMPETENCE
 * saying what its level may decide for such a subject. A member's branch must lie in the
 * decider's subtree; an organisation must lie `levelsBelow` levels below it.
 */
export function competenceFor(decider: Decider, subject: DisciplineSubject, form: DisciplineForm, subjectPath: readonly number[]): DisciplineAuthority {
  const key = decider.path.at(-1)!;
  const at = subjectPath.indexOf(key);
  const below = at < 0 ? null : subjectPath.length - 1 - at;
  const where = below === null ? `${subject === 'MEMBER' ? 'a member' : 'an organisation'} outside its subtree` : subject === 'MEMBER' ? 'a member of its subtree' : `an organisation ${below} level(s) below it`;
  if (below !== null && (subject === 'MEMBER' || below > 0)) {
    const row = decider.rows.find((r) => r.subject === subject && r.form === form && (subject === 'MEMBER' ? r.levelsBelow === null : r.levelsBelow === below));
    if (row) return row;
  }
  const allowed = decider.rows
    .filter((r) => below !== null && r.subject === subject && (subject === 'MEMBER' || r.levelsBelow === below))
    .map((r) => `${r.form} (${citationOf(r.source, r.confirmed)})`);
  const instead = below === null ? 'it decides only within its subtree' : allowed.length > 0 ? `it may decide ${allowed.join(', ')}` : 'it decides no discipline for such a subject';
  throw new RuleViolationError('BEYOND_COMPETENCE', `${decider.code} (a ${decider.kindCode}) may not decide ${form} for ${where}: ${instead}`);
}
