import type { DisciplineRecord } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { DocumentRef, MemberRef, OrganizationRef } from '../../graphql/refs.js';
import { fromDbDate } from '../../shared/dates.js';
import { fromGlobalId } from '../../shared/ids.js';
import { decodeDisciplineInput } from './discipline.inputs.js';
import { disciplineFormLabels, violationCategoryLabels } from './discipline.labels.js';

const Form = labelledEnum('DisciplineForm', disciplineFormLabels, 'Hình thức kỷ luật.');
const Category = labelledEnum('ViolationCategory', violationCategoryLabels, 'The kind of violation (some have no statute of limitations).');

const RecordRef = builder.objectRef<DisciplineRecord>('DisciplineRecord').implement({
  description: 'A discipline decision (readable by inspection officers and administrators).',
  fields: (t) => ({
    id: t.exposeString('id'),
    form: t.field({ type: Form, resolve: (r) => r.form }),
    category: t.field({ type: Category, resolve: (r) => r.category }),
    violationSummary: t.exposeString('violationSummary'),
    violatedOn: t.field({ type: 'Date', resolve: (r) => r.violatedOn }),
    decidedOn: t.field({ type: 'Date', resolve: (r) => r.decidedOn }),
    effectiveFrom: t.field({ type: 'Date', resolve: (r) => r.effectiveFrom }),
    organization: t.field({ type: OrganizationRef, nullable: true, resolve: (r, _a, ctx) => ctx.loaders.organization.load({ id: r.organizationId, asOf: fromDbDate(r.effectiveFrom) }) }),
    member: t.field({ type: MemberRef, nullable: true, resolve: (r, _a, ctx) => (r.memberId ? ctx.loaders.member.load({ id: r.memberId, asOf: fromDbDate(r.decidedOn) }) : null) }),
    decision: t.field({ type: DocumentRef, nullable: true, resolve: (r, _a, ctx) => ctx.loaders.documents.load(r.decisionId) }),
  }),
});

builder.queryField('disciplineRecords', (t) =>
  t.field({
    type: [RecordRef],
    description: 'Discipline decisions taking effect in a period, in an organisation’s subtree.',
    args: { organizationId: t.arg.id({ required: true }), from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
    resolve: (_root, args, ctx) => ctx.services.discipline.ofOrganizationSubtree(fromGlobalId('Organization', args.organizationId, 'organizationId'), args.from, args.to),
  }),
);

const Input = builder.inputType('RecordDisciplineInput', {
  fields: (t) => ({
    memberId: t.id({ description: 'The disciplined member…' }),
    organizationId: t.id({ description: '…or organisation.' }),
    form: t.field({ type: Form, required: true }),
    category: t.field({ type: Category, required: true }),
    violationSummary: t.string({ required: true }),
    violatedOn: t.field({ type: 'Date', required: true }),
    decidedOn: t.field({ type: 'Date', required: true }),
    effectiveFrom: t.field({ type: 'Date', description: 'The decision day when omitted.' }),
    decisionId: t.id({ required: true }),
    authorityId: t.id({ required: true, description: 'The organisation whose committee decided.' }),
  }),
});
const Payload = builder.objectRef<DisciplineRecord>('DisciplinePayload').implement({
  fields: (t) => ({ record: t.field({ type: RecordRef, resolve: (r) => r }) }),
});

builder.mutationField('recordDiscipline', (t) =>
  t.field({
    type: Payload,
    description: 'Records a discipline decision; an EXPULSION or DISSOLUTION takes effect in the same transaction.',
    errors: { ...mutationErrors, union: { name: 'RecordDisciplineResult' } },
    args: { input: t.arg({ type: Input, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.discipline.record(decodeDisciplineInput(input)),
  }),
);
