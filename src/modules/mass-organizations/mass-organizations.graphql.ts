import type { MassOrganization, MassOrganizationAssessment } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { DocumentRef, OrganizationRef } from '../../graphql/refs.js';
import { loadFound } from '../../graphql/connections.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { massOrganizationTypeLabels } from './mass-organizations.labels.js';

const TypeEnum = labelledEnum('MassOrganizationType', massOrganizationTypeLabels, 'Đoàn thể.');

const AssessmentRef = builder.objectRef<MassOrganizationAssessment>('MassOrganizationAssessment').implement({
  description: 'The yearly assessment of a mass organisation (a correction replaces it and keeps it).',
  fields: (t) => ({
    massOrganizationId: t.id({ description: 'The MassOrganization’s global id.', resolve: (a) => toGlobalId('MassOrganization', a.massOrganizationId) }),
    year: t.exposeInt('year'),
    strong: t.exposeBoolean('strong', { description: 'Vững mạnh.' }),
    decision: t.field({ type: DocumentRef, nullable: true, resolve: (a, _args, ctx) => (a.decisionId ? ctx.loaders.documents.load(a.decisionId) : null) }),
  }),
});
const MassRef = builder.objectRef<MassOrganization & { assessments: MassOrganizationAssessment[] }>('MassOrganization');
builder.node(MassRef, {
  id: { resolve: (m) => m.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'assessments' in value && 'type' in value && 'organizationId' in value,
  loadMany: loadFound((ids, ctx) => ctx.services.massOrganizations.byIds(ids)),
  description: 'A mass organisation attached to a Party organisation.',
  fields: (t) => ({
    type: t.field({ type: TypeEnum, resolve: (m) => m.type }),
    name: t.exposeString('name'),
    assessments: t.field({ type: [AssessmentRef], resolve: (m) => m.assessments }),
  }),
});

builder.objectField(OrganizationRef, 'massOrganizations', (t) =>
  t.field({ type: [MassRef], resolve: (o, _args, ctx) => ctx.loaders.massOrganizations.load(o.id) }),
);


builder.mutationFields((t) => ({
  createMassOrganization: t.field({
    type: MassRef,
    errors: { ...mutationErrors, union: { name: 'CreateMassOrganizationResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('CreateMassOrganizationInput', {
          fields: (f) => ({ organizationId: f.id({ required: true }), type: f.field({ type: TypeEnum, required: true }), name: f.string({ required: true }) }),
        }),
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      ...(await ctx.services.massOrganizations.create({ ...input, organizationId: fromGlobalId('Organization', input.organizationId, 'organizationId') })),
      assessments: [],
    }),
  }),
  assessMassOrganizations: t.field({
    type: builder.objectRef<{ assessments: MassOrganizationAssessment[] }>('AssessMassOrganizationsPayload').implement({
      fields: (f) => ({ assessments: f.field({ type: [AssessmentRef], description: 'The assessments recorded, in the order given.', resolve: (p) => p.assessments }) }),
    }),
    description: "A committee's yearly assessments of many mass organisations at once, all or none; every bad row named (rows.2.year).",
    errors: { ...mutationErrors, union: { name: 'AssessMassOrganizationsResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('AssessMassOrganizationsInput', {
          fields: (f) => ({
            rows: f.field({
              required: true,
              description: 'At most 5,000.',
              type: [
                builder.inputType('MassOrganizationAssessmentRowInput', {
                  fields: (r) => ({ massOrganizationId: r.id({ required: true }), year: r.int({ required: true }), strong: r.boolean({ required: true }), decisionId: r.id() }),
                }),
              ],
            }),
          }),
        }),
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      assessments: await ctx.services.massOrganizations.assessMany(
        input.rows.map((row, index) => ({
          ...row,
          massOrganizationId: fromGlobalId('MassOrganization', row.massOrganizationId, `rows.${index}.massOrganizationId`),
          decisionId: row.decisionId ? fromGlobalId('Document', row.decisionId, `rows.${index}.decisionId`) : null,
        })),
      ),
    }),
  }),
  assessMassOrganization: t.field({
    type: AssessmentRef,
    description: 'The yearly assessment: strong (vững mạnh) or not.',
    errors: { ...mutationErrors, union: { name: 'AssessMassOrganizationResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('AssessMassOrganizationInput', {
          fields: (f) => ({ massOrganizationId: f.id({ required: true }), year: f.int({ required: true }), strong: f.boolean({ required: true }), decisionId: f.id() }),
        }),
      }),
    },
    resolve: (_root, { input }, ctx) =>
      ctx.services.massOrganizations.assess({
        ...input,
        massOrganizationId: fromGlobalId('MassOrganization', input.massOrganizationId, 'massOrganizationId'),
        decisionId: input.decisionId ? fromGlobalId('Document', input.decisionId, 'decisionId') : null,
      }),
  }),
}));
