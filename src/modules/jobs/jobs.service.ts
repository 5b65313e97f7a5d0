import { createHash } from 'node:crypto';
import type { Job, Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { NotFoundError } from '../../shared/errors.js';
import type { Role } from '../../generated/prisma/client.js';
import { authorizeAnywhere, authorizeSubjects, CAPABILITIES, scopeOf, type Actor, type Capability } from '../auth/access.js';

/** How long an export's file is kept after its job ends: it holds personal data. */
export const EXPORT_FILE_HOURS = 24;

/** At most this many problems are kept with a job (the count says how many there were). */
export const MAX_PROBLEMS = 5_000;

/** One problem of an import: where (sheet, row, column), the value found, and what is wrong. */
export type ImportProblem = { sheet: string; row: number | null; column: string | null; value: string | null; code: string; message: string };

export type JobParams = Record<string, Prisma.JsonValue>;

/**
 * Jobs as their callers see them: queued by a request, read back by whoever queued them (and
 * by the administrators of the subtree they concern), run by the JobRunner.
 */
export class JobService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
  ) {}

  /**
   * Queues a job on behalf of this actor, who must hold `capability` somewhere (the job checks
   * each row's subtree when it runs). The file is kept with the job until it ends.
   */
  async enqueue(kind: string, capability: Capability, params: JobParams, input: Buffer | null): Promise<Job> {
    authorizeAnywhere(this.actor, capability);
    const roles: readonly string[] = CAPABILITIES[capability];
    const grants = this.actor.grants.filter((grant) => roles.includes(grant.role));
    const scopePath = grants.some((grant) => grant.organizationId === null) ? [] : [...(grants[0]?.path ?? [])];
    const file = input ? { size: input.length, sha256: createHash('sha256').update(input).digest('hex') } : {};
    return this.prisma.job.create({
      data: {
        kind,
        params: { ...params, ...file } as Prisma.InputJsonObject,
        input: input ? new Uint8Array(input) : null,
        userId: this.actor.userId,
        apiKeyId: this.actor.apiKeyId,
        actorName: this.actor.name,
        scopePath,
      },
    });
  }

  /**
   * A job, for the one who queued it or an administrator of its subtree; any other caller is
   * told it does not exist, as for an unknown id.
   */
  async get(id: string): Promise<Job> {
    const job = await this.prisma.job.findUnique({ where: { id }, omit: { input: true, output: true } });
    if (!job || !this.mayRead(job)) throw new NotFoundError('Job', id);
    return job as Job;
  }

  /**
   * The file an export job made, for the one who asked only (it is the list as their rights
   * show it); anyone else, a job without a file, or a file dropped after its day: not found.
   */
  async file(id: string): Promise<{ job: Job; output: Buffer; role: Role }> {
    const job = await this.prisma.job.findUnique({ where: { id }, omit: { input: true } });
    const own = !!job && ((job.userId !== null && job.userId === this.actor.userId) || (job.apiKeyId !== null && job.apiKeyId === this.actor.apiKeyId));
    const fresh = !!job?.finishedAt && Date.now() - job.finishedAt.getTime() < EXPORT_FILE_HOURS * 3_600_000;
    if (!job || !own || !job.output || !fresh) throw new NotFoundError('JobFile', id);
    // The right again, as it is now: a grant revoked since the export ran refuses its file.
    const { capability, organizationId } = job.params as { capability: Capability; organizationId: string | null };
    const { role } = await authorizeSubjects(this.prisma, this.actor, capability, { organizationIds: organizationId ? [organizationId] : [] });
    return { job: { ...job, output: null } as Job, output: Buffer.from(job.output), role };
  }

  private mayRead(job: Pick<Job, 'userId' | 'scopePath'>): boolean {
    if (job.userId && job.userId === this.actor.userId) return true;
    const scope = scopeOf(this.actor, 'readAudit');
    if (scope === null) return true;
    return scope.some((key) => job.scopePath.includes(key));
  }
}
