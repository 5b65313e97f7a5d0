import type { MassOrganization, MassOrganizationAssessment } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { OrganizationRef } from '../../graphql/refs.js';
import { fromGlobalId, requireUuid } from '../../shared/ids.js';
import { massOrganizationTypeLabels } from './mass-organizations.labels.js';

const TypeEnum = labelledEnum('MassOrganizationType', massOrganizationTypeLabels, 'Đoàn thể.');

const AssessmentRef = builder.objectRef<MassOrganizationAssessment>('MassOrganizationAssessment').implement({
  fields: (t) => ({ year: t.exposeInt('year'), strong: t.exposeBoolean('strong', { description: 'Vững mạnh.' }) }),
});
const MassRef = builder.objectRef<MassOrganization & { assessments: MassOrganizationAssessment[] }>('MassOrganization').implement({
  description: 'A mass organisation attached to a Party organisation.',
  fields: (t) => ({
    id: t.exposeString('id'),
    type: t.field({ type: TypeEnum, resolve: (m) => m.type }),
    name: t.exposeString('name'),
    assessments: t.field({ type: [AssessmentRef], resolve: (m) => m.assessments }),
  }),
});

builder.objectField(OrganizationRef, 'massOrganizations', (t) =>
  t.field({ type: [MassRef], resolve: (o, _args, ctx) => ctx.loaders.massOrganizations.load(o.id) }),
);

const Payload = builder.objectRef<{ id: string }>('MassOrganizationPayload').implement({ fields: (t) => ({ id: t.exposeString('id') }) });

builder.mutationFields((t) => ({
  createMassOrganization: t.field({
    type: Payload,
    errors: { ...mutationErrors, union: { name: 'CreateMassOrganizationResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('CreateMassOrganizationInput', {
          fields: (f) => ({ organizationId: f.id({ required: true }), type: f.field({ type: TypeEnum, required: true }), name: f.string({ required: true }) }),
        }),
      }),
    },
    resolve: (_root, { input }, ctx) =>
      ctx.services.massOrganizations.create({ ...input, organizationId: fromGlobalId('Organization', input.organizationId, 'organizationId') }),
  }),
  assessMassOrganizations: t.field({
    type: builder.objectRef<{ ids: string[] }>('AssessMassOrganizationsPayload').implement({
      fields: (f) => ({ ids: f.exposeStringList('ids', { description: 'The assessments recorded, in the order given.' }) }),
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
                  fields: (r) => ({ massOrganizationId: r.string({ required: true }), year: r.int({ required: true }), strong: r.boolean({ required: true }), decisionId: r.id() }),
                }),
              ],
            }),
          }),
        }),
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      ids: (
        await ctx.services.massOrganizations.assessMany(
          input.rows.map((row, index) => ({
            ...row,
            massOrganizationId: requireUuid(row.massOrganizationId, `rows.${index}.massOrganizationId`),
            decisionId: row.decisionId ? fromGlobalId('Document', row.decisionId, `rows.${index}.decisionId`) : null,
          })),
        )
      ).map((assessment) => assessment.id),
    }),
  }),
  assessMassOrganization: t.field({
    type: Payload,
    description: 'The yearly assessment: strong (vững mạnh) or not.',
    errors: { ...mutationErrors, union: { name: 'AssessMassOrganizationResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('AssessMassOrganizationInput', {
          fields: (f) => ({ massOrganizationId: f.string({ required: true }), year: f.int({ required: true }), strong: f.boolean({ required: true }), decisionId: f.id() }),
        }),
      }),
    },
    resolve: (_root, { input }, ctx) =>
      ctx.services.massOrganizations.assess({
        ...input,
        massOrganizationId: requireUuid(input.massOrganizationId, 'massOrganizationId'),
        decisionId: input.decisionId ? fromGlobalId('Document', input.decisionId, 'decisionId') : null,
      }),
  }),
}));
