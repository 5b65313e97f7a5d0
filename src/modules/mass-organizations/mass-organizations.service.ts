import type { MassOrganization, MassOrganizationAssessment, MassOrganizationType, PrismaClient } from '../../generated/prisma/client.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { authorize, currentPath, scopeOf, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import { inTransaction } from '../../db/transactions.js';

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

  async create(input: { organizationId: string; type: MassOrganizationType; name: string }): Promise<MassOrganization> {
    const name = input.name.trim();
    if (!name) throw ValidationError.field('name', 'must not be empty');
    const scopePath = await currentPath(this.prisma, input.organizationId);
    if (scopePath.length === 0) throw new NotFoundError('Organization', input.organizationId);
    const role = authorize(this.actor, 'manageStructure', [scopePath]);
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
  async assess(input: { massOrganizationId: string; year: number; strong: boolean; decisionId?: string | null }): Promise<MassOrganizationAssessment> {
    if (!Number.isInteger(input.year) || input.year < 1930 || input.year > 2100) throw ValidationError.field('year', 'is a year from 1930 to 2100');
    const mass = await this.prisma.massOrganization.findUnique({ where: { id: input.massOrganizationId } });
    if (!mass) throw new NotFoundError('MassOrganization', input.massOrganizationId);
    const scopePath = await currentPath(this.prisma, mass.organizationId);
    const role = authorize(this.actor, 'manageRatings', [scopePath]);
    if (input.decisionId && !(await this.prisma.document.findUnique({ where: { id: input.decisionId } }))) throw new NotFoundError('Document', input.decisionId);
    return inTransaction(this.prisma, async (tx) => {
      const replaced = await tx.massOrganizationAssessment.findFirst({ where: { massOrganizationId: mass.id, year: input.year, supersededAt: null } });
      if (replaced) await tx.massOrganizationAssessment.update({ where: { id: replaced.id }, data: { supersededAt: new Date() } });
      const assessment = await tx.massOrganizationAssessment.create({
        data: { massOrganizationId: mass.id, year: input.year, strong: input.strong, decisionId: input.decisionId ?? null },
      });
      await this.audit.record(tx, role, {
        action: 'massOrganization.assess',
        entityType: 'MassOrganization',
        entityId: mass.id,
        scopePath,
        before: replaced ? { strong: replaced.strong } : null,
        after: { year: input.year, strong: input.strong },
      });
      return assessment;
    });
  }
}
