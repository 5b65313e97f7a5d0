import fp from 'fastify-plugin';
import type { Job } from '../../generated/prisma/client.js';
import { importMembers } from '../imports/members.import.js';
import { importOrganizations } from '../imports/organizations.import.js';
import { importRatings } from '../imports/ratings.import.js';
import { importIndicators } from '../imports/indicators.import.js';
import { importCandidates } from '../imports/candidates.import.js';
import { runExportJob } from '../../http/exports.js';
import { DEFAULT_RUNNER_OPTIONS, JobRunner, type JobHandler, type RunnerOptions } from './runner.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The runner of queued jobs in this process. */
    jobs: JobRunner;
  }
}

/**
 * The job runner of this instance: started by the server once migrations have run (JOB_RUNNER),
 * told at once of jobs queued here, and stopped before the database closes.
 */
export const jobsPlugin = fp<{ options?: Partial<RunnerOptions> }>(
  async (app, options) => {
    const handlers = new Map<string, JobHandler>([
      ['import.members', (context) => importMembers(context, app.db.prisma)],
      ['import.organizations', (context) => importOrganizations(context, app.db.prisma)],
      ['import.ratings', (context) => importRatings(context, app.db.prisma)],
      ['import.indicators', (context) => importIndicators(context, app.db.prisma)],
      ['import.candidates', (context) => importCandidates(context, app.db.prisma)],
      ['export', (context) => runExportJob(app, context)],
    ]);
    const runner = new JobRunner(
      app.db.prisma,
      handlers,
      (job: Job) => app.services.auth.actorOfJob(job),
      (actor) => app.servicesFor(actor),
      app.log,
      { ...DEFAULT_RUNNER_OPTIONS, ...options.options },
    );
    // With replicas: the user's reads after the job see what it wrote.
    runner.onFinished = (actor) => app.noteWrite(actor);
    app.decorate('jobs', runner);
    app.addHook('preClose', async () => runner.stop());
  },
  { name: 'jobs', dependencies: ['database'], fastify: '5.x' },
);
