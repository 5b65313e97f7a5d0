import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Job, Prisma, PrismaClient } from '../../generated/prisma/client.js';
import type { Services } from '../../services.js';
import { DomainError } from '../../shared/errors.js';
import type { Actor } from '../auth/access.js';
import { EXPORT_FILE_HOURS, MAX_PROBLEMS, type ImportProblem } from './jobs.service.js';

/** What a job's work reports as it goes: its phase and how many of its rows are done. */
export type Progress = (phase: string, done: number, total?: number | null) => Promise<void>;

export type JobOutcome = {
  /** SUCCEEDED: the step was done (a validation that found problems included); FAILED: refused. */
  status: 'SUCCEEDED' | 'FAILED';
  result: Prisma.InputJsonValue;
  problems?: readonly ImportProblem[];
  /** The file the job made (an export), kept for the one who asked until EXPORT_FILE_HOURS after. */
  output?: Buffer;
  /** How many rows were done in the end, when the last progress report was skipped. */
  done?: number;
};

/** How often a runner drops the files kept past that. */
const DROP_EVERY_MS = 10 * 60_000;

/** What watchers of a job hear as it moves (a waiting request, a subscription). */
export type JobProgress = { id: string; status: string; phase: string; done: number; total: number | null };

export type JobContext = { job: Job; input: Buffer; services: Services; progress: Progress };
export type JobHandler = (context: JobContext) => Promise<JobOutcome>;

export type RunnerOptions = {
  /** How long a taken job is this runner's without a heartbeat; another runner takes it after. */
  leaseMs: number;
  /** How often the queue is looked at when nothing woke the runner. */
  pollMs: number;
  /** A job that has been taken this many times (its runners died) is failed. */
  maxAttempts: number;
};

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = { leaseMs: 60_000, pollMs: 2_000, maxAttempts: 3 };

/**
 * Runs the queued jobs, one at a time in this process. A job is taken under a lease in one
 * statement (FOR UPDATE SKIP LOCKED: two runners never take the same job), the lease is renewed
 * while it runs, and a job whose runner died (its lease ran out) is taken again by the next
 * runner that looks: the work is all or nothing, so running it again from the start is right.
 */
export class JobRunner extends EventEmitter<{ progress: [JobProgress]; finished: [string] }> {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private wanted = false;
  private dropped = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly handlers: ReadonlyMap<string, JobHandler>,
    private readonly actorOf: (job: Job) => Promise<Actor>,
    private readonly servicesFor: (actor: Actor) => Services,
    private readonly log: FastifyBaseLogger,
    private readonly options: RunnerOptions = DEFAULT_RUNNER_OPTIONS,
  ) {
    super();
    this.setMaxListeners(0);
  }

  /** Starts taking jobs: looks at the queue now (jobs left by a dead instance), then on a timer and when kicked; resolves when that first look is done. */
  start(): Promise<void> {
    if (!this.stopped) return Promise.resolve();
    this.stopped = false;
    this.kick();
    return this.running ?? Promise.resolve();
  }

  /** Stops taking jobs and waits for the one running (its lease lets another runner finish it otherwise). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Looks at the queue now (a job was just queued here). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wanted = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.drain()
      .catch((error: unknown) => this.log.error({ err: error }, 'job runner'))
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        if (this.wanted) {
          this.wanted = false;
          this.kick();
        } else this.timer = setTimeout(() => this.kick(), this.options.pollMs).unref();
      });
  }

  /** Runs jobs until the queue has none this runner may take. */
  private async drain(): Promise<void> {
    if (Date.now() - this.dropped > DROP_EVERY_MS) {
      this.dropped = Date.now();
      await this.dropExpiredFiles();
    }
    while (!this.stopped) {
      const job = await this.take();
      if (!job) return;
      await this.run(job);
    }
  }

  /** Drops the files of exports that ended more than EXPORT_FILE_HOURS ago; how many. */
  async dropExpiredFiles(): Promise<number> {
    return this.prisma.$executeRaw`
      UPDATE jobs SET output = NULL WHERE output IS NOT NULL AND finished_at < now() - ${`${EXPORT_FILE_HOURS} hours`}::interval`;
  }

  /** Takes the oldest queued job, or one whose lease ran out, in one statement. */
  async take(): Promise<Job | null> {
    const [taken] = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE jobs SET status = 'RUNNING', lease_owner = ${this.owner}, lease_until = now() + ${`${this.options.leaseMs} milliseconds`}::interval,
                      attempts = attempts + 1, started_at = coalesce(started_at, now())
      WHERE id = (
        SELECT id FROM jobs
        WHERE status = 'QUEUED' OR (status = 'RUNNING' AND lease_until < now())
        ORDER BY created_at
        FOR UPDATE SKIP LOCKED
        LIMIT 1)
      RETURNING id::text`;
    return taken ? this.prisma.job.findUnique({ where: { id: taken.id }, omit: { output: true } }) as Promise<Job | null> : null;
  }

  private async run(job: Job): Promise<void> {
    const heartbeat = setInterval(() => {
      this.prisma.$executeRaw`UPDATE jobs SET lease_until = now() + ${`${this.options.leaseMs} milliseconds`}::interval WHERE id = ${job.id}::uuid AND lease_owner = ${this.owner}`.then(
        (renewed) => {
          // This process stalled past its lease and another runner took the job: what this one
          // still does is not recorded, and a commit of it is refused (one commit per import).
          if (renewed === 0) this.log.warn({ job: job.id }, 'job lease lost: another runner has the job');
        },
        (error: unknown) => this.log.warn({ err: error, job: job.id }, 'job lease not renewed'),
      );
    }, Math.max(this.options.leaseMs / 3, 100));
    heartbeat.unref();
    try {
      if (job.attempts > this.options.maxAttempts) {
        await this.finish(job, { status: 'FAILED', result: { error: 'ABANDONED', message: `the job was taken ${job.attempts - 1} times and never finished` } });
        return;
      }
      const handler = this.handlers.get(job.kind);
      if (!handler) {
        await this.finish(job, { status: 'FAILED', result: { error: 'UNKNOWN_KIND', message: `no handler for ${job.kind}` } });
        return;
      }
      let last = 0;
      const progress: Progress = async (phase, done, total) => {
        // A few writes a second at most: the progress is for people watching.
        const now = Date.now();
        if (now - last < 250 && phase === job.phase) return;
        last = now;
        job.phase = phase;
        if (total !== undefined) job.total = total;
        await this.prisma.job.updateMany({ where: { id: job.id, leaseOwner: this.owner }, data: { phase, done, ...(total !== undefined ? { total } : {}) } });
        this.emit('progress', { id: job.id, status: 'RUNNING', phase, done, total: job.total });
      };
      const actor = await this.actorOf(job);
      const outcome = await handler({ job, input: Buffer.from(job.input ?? new Uint8Array()), services: this.servicesFor(actor), progress });
      await this.finish(job, outcome, actor);
    } catch (error) {
      // A refusal (the user lost the right, a rule) is the job's answer; anything else is logged and told as internal.
      const known = error instanceof DomainError;
      if (!known) this.log.error({ err: error, job: job.id }, 'job failed');
      await this.finish(job, {
        status: 'FAILED',
        result: known ? { error: error.code, message: error.message } : { error: 'INTERNAL', message: 'the job stopped on an unexpected error; it is in the server log' },
      }).catch((finishing: unknown) => this.log.error({ err: finishing, job: job.id }, 'job not finished'));
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Told when a job has ended, before its last event: its user's next reads must see what it
   * wrote and the job itself (read-your-writes on replicas).
   */
  onFinished: ((actor: Actor) => Promise<void>) | null = null;

  private async finish(job: Job, outcome: JobOutcome, actor?: Actor): Promise<void> {
    // A problem quotes the value it found, which may be what JSON in PostgreSQL cannot hold.
    const problems = (outcome.problems ?? []).map((problem) => ({ ...problem, value: problem.value === null ? null : storable(problem.value), message: storable(problem.message) }));
    const { count } = await this.prisma.job.updateMany({
      where: { id: job.id, leaseOwner: this.owner },
      data: {
        status: outcome.status,
        phase: 'DONE',
        result: outcome.result,
        problems: problems.slice(0, MAX_PROBLEMS) as unknown as Prisma.InputJsonArray,
        problemCount: problems.length,
        // The file is not kept once the job has ended: it holds personal data.
        input: null,
        ...(outcome.output ? { output: new Uint8Array(outcome.output) } : {}),
        ...(outcome.done !== undefined ? { done: outcome.done, total: outcome.done } : {}),
        leaseOwner: null,
        leaseUntil: null,
        finishedAt: new Date(),
      },
    });
    // Another runner has the job now (this one stalled past its lease): its end is that runner's to tell.
    if (count === 0) return;
    if (actor) await this.onFinished?.(actor).catch((error: unknown) => this.log.warn({ err: error, job: job.id }, 'could not note the job\'s writes for its user'));
    const done = outcome.done ?? job.total ?? 0;
    this.emit('progress', { id: job.id, status: outcome.status, phase: 'DONE', done, total: outcome.done ?? job.total });
    this.emit('finished', job.id);
  }
}

/** Text as jsonb can keep it: NUL and lone surrogates shown as U+FFFD. */
function storable(text: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is what is looked for.
  return text.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
