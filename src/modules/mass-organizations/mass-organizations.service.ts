import type { MassOrganization, MassOrganizationAssessment, MassOrganizationType, PrismaClient } from '../../generated/prisma/client.js';
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from '../../shared/errors.js';
import { authorize, currentPath, organizationPaths, scopeOf, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import { inTransaction, TRANSACTION } from '../../db/transactions.js';
import { insertRows } from '../../db/bulk.js';
import { v7 as uuidv7 } from 'uuid';

export type AssessmentInput = { massOrganizationId: string; year: number; strong: boolean; decisionId?: string | null };

/** At most this many assessments in one call. */
export const MAX_ASSESSMENTS_PER_CALL = 5_000;

/** Đoàn thể (trade union, youth union, veterans', women's union) and their yearly assessment. */
export class MassOrganizationService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
  ) {}

  /** The mass organisations of Party organisations, with their assessments, within the actor's subtrees. */
  async ofOrganizations(organizationIds: readonly string[]): Promise<Map<string, (MassOrganization & { assessments: MassOrganizationAssessment[] })[]>> {
    const scope = scopeOf(this.actor, 'read');
    const rows = await this.prisma.massOrganization.findMany({
      where: { organizationId: { in: [...organizationIds] }, ...(scope ? { organization: { versions: { some: { validTo: null, path: { hasSome: scope } } } } } : {}) },
      include: { assessments: { where: { supersededAt: null }, orderBy: { year: 'asc' } } },
      orderBy: { type: 'asc' },
    });
    const byOrganization = new Map<string, typeof rows>(organizationIds.map((id) => [id, []]));
    for (const row of rows) byOrganization.get(row.organizationId)!.push(row);
    return byOrganization;
  }

  /** Mass organisations by id, with their current assessments, within the actor's subtrees. */
  async byIds(ids: readonly string[]): Promise<(MassOrganization & { assessments: MassOrganizationAssessment[] })[]> {
    const scope = scopeOf(this.actor, 'read');
    return this.prisma.massOrganization.findMany({
      where: { id: { in: [...ids] }, ...(scope ? { organization: { versions: { some: { validTo: null, path: { hasSome: scope } } } } } : {}) },
      include: { assessments: { where: { supersededAt: null }, orderBy: { year: 'asc' } } },
    });
  }

  async create(input: { organizationId: string; type: MassOrganizationType; name: string }): Promise<MassOrganization> {
    const scopePath = await currentPath(this.prisma, input.organizationId);
    // Refused before anything is told: an unknown organisation reads as one outside the subtrees.
    const role = authorize(this.actor, 'manageStructure', [scopePath]);
    if (scopePath.length === 0) throw new NotFoundError('Organization', input.organizationId);
    const name = input.name.trim();
    if (!name) throw ValidationError.field('name', 'must not be empty');
    return inTransaction(this.prisma, async (tx) => {
      if (await tx.massOrganization.findFirst({ where: { organizationId: input.organizationId, type: input.type } })) {
        throw new ConflictError(`the organisation already has a ${input.type}`, 'type');
      }
      const created = await tx.massOrganization.create({ data: { organizationId: input.organizationId, type: input.type, name } });
      await this.audit.record(tx, role, { action: 'massOrganization.create', entityType: 'MassOrganization', entityId: created.id, scopePath, after: { ...input, name } });
      return created;
    });
  }

  /** Records (or corrects, keeping the earlier one) the assessment of a year. */
  async assess(input: AssessmentInput): Promise<MassOrganizationAssessment> {
    return (await this.assessRows([input], () => ''))[0]!;
  }

  /**
   * The assessments of many mass organisations decided together (a committee's yearly
   * decision), all or nothing, each correcting (and keeping) an earlier one of its year; every
   * problem is named by row. A few statements whatever the number of rows.
   */
  async assessMany(rows: readonly AssessmentInput[]): Promise<MassOrganizationAssessment[]> {
    if (rows.length === 0) throw ValidationError.field('rows', 'give at least one assessment');
    if (rows.length > MAX_ASSESSMENTS_PER_CALL) throw ValidationError.field('rows', `at most ${MAX_ASSESSMENTS_PER_CALL} assessments in one call`);
    return this.assessRows(rows, (index) => `rows.${index}.`);
  }

  private async assessRows(rows: readonly AssessmentInput[], prefix: (index: number) => string): Promise<MassOrganizationAssessment[]> {
    const problems: FieldProblem[] = [];
    rows.forEach((row, index) => {
      if (!Number.isInteger(row.year) || row.year < 1930 || row.year > 2100) problems.push({ field: `${prefix(index)}year`, message: 'is a year from 1930 to 2100' });
      if (rows.findIndex((other) => other.massOrganizationId === row.massOrganizationId && other.year === row.year) !== index) {
        problems.push({ field: `${prefix(index)}massOrganizationId`, message: 'assesses the same organisation and year as an earlier row' });
      }
    });
    if (problems.length > 0) throw new ValidationError(problems);
    const massIds = [...new Set(rows.map((row) => row.massOrganizationId))];
    const masses = new Map((await this.prisma.massOrganization.findMany({ where: { id: { in: massIds } } })).map((m) => [m.id, m]));
    const unknown = massIds.find((id) => !masses.has(id));
    if (unknown) throw new NotFoundError('MassOrganization', unknown);
    const paths = await organizationPaths(this.prisma, [...masses.values()].map((m) => m.organizationId));
    const pathOf = (massId: string) => paths.get(masses.get(massId)!.organizationId) ?? [];
    const role = authorize(this.actor, 'manageRatings', massIds.map(pathOf));
    const decisionIds = [...new Set(rows.map((row) => row.decisionId).filter((id): id is string => !!id))];
    const known = new Set((await this.prisma.document.findMany({ where: { id: { in: decisionIds } }, select: { id: true } })).map((d) => d.id));
    const missing = decisionIds.find((id) => !known.has(id));
    if (missing) throw new NotFoundError('Document', missing);
    return inTransaction(
      this.prisma,
      async (tx) => {
        // Assessments of the same organisation and year take turns (locks in key order: no deadlock).
        const keys = rows.map((row) => `mass_assessment:${row.massOrganizationId}:${row.year}`).sort();
        await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest(${keys}::text[]) AS k`;
        const replaced = await tx.$queryRaw<{ mass_organization_id: string; year: number; strong: boolean }[]>`
          UPDATE mass_organization_assessments a SET superseded_at = now()
          FROM unnest(${rows.map((row) => row.massOrganizationId)}::uuid[], ${rows.map((row) => row.year)}::int[]) AS r(mass_organization_id, year)
          WHERE a.mass_organization_id = r.mass_organization_id AND a.year = r.year AND a.superseded_at IS NULL
          RETURNING a.mass_organization_id::text, a.year, a.strong`;
        const before = (row: AssessmentInput) => replaced.find((r) => r.mass_organization_id === row.massOrganizationId && r.year === row.year);
        const now = new Date();
        const written: MassOrganizationAssessment[] = rows.map((row) => ({
          id: uuidv7(),
          massOrganizationId: row.massOrganizationId,
          year: row.year,
          strong: row.strong,
          decisionId: row.decisionId ?? null,
          createdAt: now,
          supersededAt: null,
        }));
        await insertRows(tx, 'mass_organization_assessments', written);
        await this.audit.recordMany(
          tx,
          role,
          rows.map((row) => {
            const earlier = before(row);
            return {
              action: 'massOrganization.assess',
              entityType: 'MassOrganization',
              entityId: row.massOrganizationId,
              scopePath: pathOf(row.massOrganizationId),
              before: earlier ? { strong: earlier.strong } : null,
              after: { year: row.year, strong: row.strong },
            };
          }),
        );
        return written;
      },
      TRANSACTION.batch,
    );
  }
}
