import type { AwardForm, CommendationAuthority, CommendationSubject, CommendationTitle, PrismaClient } from '../../generated/prisma/client.js';
import { toDbDate, type IsoDate } from '../../shared/dates.js';
import { DomainError, NotFoundError, RuleViolationError, ValidationError, type FieldProblem } from '../../shared/errors.js';
import { validAt } from '../organizations/organizations.service.js';

/** The awarding organisation on the decision day, with the rules its kind may award by then. */
export type Awarder = { id: string; kindCode: string; path: number[]; rules: CommendationAuthority[] };

export async function loadAwarder(prisma: PrismaClient, organizationId: string, day: IsoDate): Promise<Awarder> {
  const version = await prisma.organizationVersion.findFirst({ where: { AND: [{ organizationId }, validAt(day)] } });
  if (!version) throw new NotFoundError('Organization', organizationId);
  const date = toDbDate(day);
  const rules = await prisma.commendationAuthority.findMany({
    where: { organizationKind: version.kindCode, effectiveFrom: { lte: date }, OR: [{ effectiveTo: null }, { effectiveTo: { gt: date } }] },
  });
  return { id: organizationId, kindCode: version.kindCode, path: version.path, rules };
}

/**
 * The rule that lets the awarder give `form` (with `title`, if any) to this kind of subject, or
 * BEYOND_AUTHORITY naming what its level may give.
 */
export function authorityFor(awarder: Awarder, form: AwardForm, subject: CommendationSubject, title: CommendationTitle | null): CommendationAuthority {
  const rule = awarder.rules.find((r) => r.form === form && r.subject === subject && r.title === title);
  if (rule) return rule;
  const allowed = awarder.rules
    .filter((r) => r.subject === subject)
    .map((r) => (r.title ? `${r.form} with ${r.title}` : r.form))
    .join(', ');
  const what = title ? `${form} with the title ${title}` : form;
  throw new RuleViolationError(
    'BEYOND_AUTHORITY',
    `a ${awarder.kindCode} may not award ${what} to a ${subject === 'MEMBER' ? 'member' : 'organisation'} (it may award: ${allowed || 'nothing'})`,
  );
}

/**
 * Checks every row of a batch and reports all problems at once. When every problem breaks the
 * same rule, the error is that rule's (so one refused award reads RULE_VIOLATION with its
 * rule); otherwise VALIDATION_FAILED with a problem per row.
 */
export function checkRows<Row, Out>(rows: readonly Row[], check: (row: Row, field: string) => Out): Out[] {
  const problems: (FieldProblem & { rule?: string })[] = [];
  const out: Out[] = [];
  for (const [index, row] of rows.entries()) {
    const field = `rows.${index}`;
    try {
      out.push(check(row, field));
    } catch (error) {
      if (error instanceof ValidationError) problems.push(...error.problems);
      else if (error instanceof RuleViolationError) problems.push({ field, message: `${field}: ${error.message}`, rule: error.rule });
      else if (error instanceof DomainError) problems.push({ field, message: `${field}: ${error.message}` });
      else throw error;
    }
  }
  if (problems.length === 0) return out;
  const rule = problems[0]!.rule;
  if (rule && problems.every((p) => p.rule === rule)) throw new RuleViolationError(rule, problems.map((p) => p.message).join('; '));
  throw new ValidationError(problems.map(({ field, message }) => ({ field, message })));
}
