import type { Job } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import type { ImportProblem } from '../jobs/jobs.service.js';

const JobStatus = builder.enumType('JobStatus', {
  values: {
    QUEUED: { description: 'Waiting for a runner.' },
    RUNNING: { description: 'Taken by a runner (another takes it over if that runner dies).' },
    SUCCEEDED: { description: 'The step was done: a validation (problems or none) or a commit that wrote everything.' },
    FAILED: { description: 'Refused (a commit with problems writes nothing) or stopped.' },
  },
});

const ProblemRef = builder.objectRef<ImportProblem>('ImportProblem').implement({
  description: 'A problem of an imported file: where it is, the value found, and what is wrong.',
  fields: (t) => ({
    sheet: t.exposeString('sheet'),
    row: t.exposeInt('row', { nullable: true, description: 'The row of the sheet (1 is the headings).' }),
    column: t.exposeString('column', { nullable: true, description: 'The column’s heading.' }),
    value: t.exposeString('value', { nullable: true }),
    code: t.exposeString('code'),
    message: t.exposeString('message'),
  }),
});

const JobRef = builder.objectRef<Job>('Job').implement({
  description: 'Long work (a spreadsheet import) run outside the request that started it: started with POST /api/v1/imports.',
  fields: (t) => ({
    id: t.id({ resolve: (job) => toGlobalId('Job', job.id) }),
    kind: t.exposeString('kind'),
    status: t.field({ type: JobStatus, resolve: (job) => job.status }),
    phase: t.exposeString('phase', { description: 'QUEUED, PARSING, VALIDATING, WRITING, DONE.' }),
    done: t.exposeInt('done'),
    total: t.exposeInt('total', { nullable: true }),
    params: t.field({ type: 'JSON', resolve: (job) => job.params }),
    result: t.field({ type: 'JSON', nullable: true, resolve: (job) => job.result }),
    problemCount: t.exposeInt('problemCount'),
    problems: t.field({
      type: [ProblemRef],
      description: 'The problems found, by sheet and row (the first `first`, at most 5,000).',
      args: { first: t.arg.int({ defaultValue: 100 }) },
      resolve: (job, args) => ((job.problems as ImportProblem[] | null) ?? []).slice(0, Math.max(0, Math.min(args.first ?? 100, 5_000))),
    }),
    actorName: t.exposeString('actorName'),
    attempts: t.exposeInt('attempts'),
    createdAt: t.field({ type: 'DateTime', resolve: (job) => job.createdAt }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (job) => job.startedAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (job) => job.finishedAt }),
  }),
});

builder.queryField('job', (t) =>
  t.field({
    type: JobRef,
    description: 'A job (an import) of the caller, or of the subtree an administrator reads: its progress, problems and result.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.jobs.get(fromGlobalId('Job', args.id, 'id')),
  }),
);

type Progress = { id: string; status: string; phase: string; done: number; total: number | null };

const hasEnded = (status: string) => status === 'SUCCEEDED' || status === 'FAILED';

/** How often a subscription to a job also reads it, in case its last event was lost (Redis down a moment). */
const JOB_RECHECK_MS = 10_000;

const progressOf = (job: Job): Progress => ({ id: job.id, status: job.status, phase: job.phase, done: job.done, total: job.total });

/**
 * A job's events up to its end, then the end of the subscription: a job that ended before (or
 * while) the subscription was made gives its last state at once (its event is gone). Events
 * come from whichever instance runs the job (through Redis when configured); the job is also
 * read every 10 s meanwhile, so that a lost last event does not leave the subscriber waiting.
 */
async function* untilEnded(events: AsyncIterable<Progress>, current: () => Promise<Job>): AsyncGenerator<Progress> {
  const iterator = events[Symbol.asyncIterator]();
  let next: Promise<IteratorResult<Progress>> | null = null;
  try {
    const job = await current();
    if (hasEnded(job.status)) {
      yield progressOf(job);
      return;
    }
    for (;;) {
      next ??= iterator.next();
      let timer: NodeJS.Timeout | undefined;
      const recheck = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), JOB_RECHECK_MS)));
      const result = await Promise.race([next, recheck]);
      clearTimeout(timer);
      if (result === null) {
        const now = await current();
        if (hasEnded(now.status)) {
          yield progressOf(now);
          return;
        }
        continue;
      }
      next = null;
      if (result.done) return;
      yield result.value;
      if (hasEnded(result.value.status)) return;
    }
  } finally {
    await iterator.return?.();
  }
}
const ProgressRef = builder.objectRef<Progress>('JobProgress').implement({
  description: 'A job moving: its phase and rows done, then its end (status SUCCEEDED or FAILED, phase DONE).',
  fields: (t) => ({
    id: t.id({ resolve: (p) => toGlobalId('Job', p.id) }),
    status: t.field({ type: JobStatus, resolve: (p) => p.status as Job['status'] }),
    phase: t.exposeString('phase'),
    done: t.exposeInt('done'),
    total: t.exposeInt('total', { nullable: true }),
  }),
});

builder.subscriptionField('jobProgress', (t) =>
  t.field({
    type: ProgressRef,
    description: 'The progress of a job of the caller (or of their subtree, for its administrators) as it runs, up to its end.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      // Authorised first: a job the caller may not read is not found, as in job(id).
      const id = fromGlobalId('Job', args.id, 'id');
      const job = await ctx.services.jobs.get(id);
      const events = (await ctx.pubsub!.subscribe(`job:${job.id}`)) as AsyncIterable<Progress>;
      return untilEnded(events, () => ctx.services.jobs.get(id));
    },
    resolve: (progress) => progress,
  }),
);
