import { loadFound } from '../../graphql/connections.js';
import type { RegulationValue } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { mutationErrors } from '../../graphql/errors.js';
import type { Rule } from '../../rules/rule.js';
import { fromGlobalId } from '../../shared/ids.js';

export const RegulationValueRef = builder.objectRef<RegulationValue>('RegulationValue');
builder.node(RegulationValueRef, {
  id: { resolve: (r) => r.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'key' in value && 'confirmed' in value && 'value' in value,
  loadMany: loadFound((ids, ctx) => ctx.services.regulations.valuesByIds(ids)),
  description: 'A value a regulation sets for a rule over a period, with its source and whether that source was checked.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The rule, e.g. discipline.member_suspension_days.' }),
    value: t.field({ type: 'JSON', description: 'The value, in the shape of the rule (RegulationRule.valueSchema).', resolve: (r) => r.value }),
    effectiveFrom: t.field({ type: 'Date', resolve: (r) => r.effectiveFrom }),
    effectiveTo: t.field({ type: 'Date', nullable: true, description: 'The first day it no longer applies; null while in force.', resolve: (r) => r.effectiveTo }),
    source: t.exposeString('source', { description: 'The document and article that set it.' }),
    confirmed: t.exposeBoolean('confirmed', { description: 'False where the value could not be checked against the regulation’s text.' }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

const RuleRef = builder.objectRef<Rule<unknown>>('RegulationRule').implement({
  description: 'A rule of the regulations the service applies; its values are dated data.',
  fields: (t) => ({
    key: t.exposeString('key'),
    name: t.exposeString('name'),
    valueSchema: t.field({ type: 'JSON', description: 'The JSON Schema a value of the rule satisfies.', resolve: (r) => r.schema }),
    values: t.field({
      type: [RegulationValueRef],
      description: 'Its values, oldest first.',
      resolve: (r, _args, ctx) => ctx.services.regulations.values({ key: r.key }),
    }),
  }),
});

builder.queryFields((t) => ({
  regulationRules: t.field({
    type: [RuleRef],
    description: 'The rules of the regulations the service applies, with their dated values.',
    resolve: (_root, _args, ctx) => ctx.services.regulations.catalogue(),
  }),
  regulationValues: t.field({
    type: [RegulationValueRef],
    description: 'Values of the rules (of one rule with `key`), in force on `asOf` or all of them.',
    args: { key: t.arg.string(), asOf: t.arg({ type: 'Date' }) },
    resolve: (_root, args, ctx) => ctx.services.regulations.values({ key: args.key, asOf: args.asOf }),
  }),
}));

const AddInput = builder.inputType('AddRegulationValueInput', {
  fields: (t) => ({
    key: t.string({ required: true }),
    value: t.field({ type: 'JSON', required: true }),
    effectiveFrom: t.field({ type: 'Date', required: true }),
    effectiveTo: t.field({ type: 'Date', description: 'For a closed period (e.g. a past one): the first day it no longer applies.' }),
    source: t.string({ required: true, description: 'The document and article.' }),
    confirmed: t.boolean({ required: true, description: 'Whether the value was checked against the regulation’s text.' }),
    note: t.string(),
  }),
});
const EndInput = builder.inputType('EndRegulationValueInput', {
  fields: (t) => ({ valueId: t.id({ required: true }), effectiveTo: t.field({ type: 'Date', required: true, description: 'The first day it no longer applies.' }) }),
});
const Payload = builder.objectRef<{ value: RegulationValue }>('RegulationValuePayload').implement({
  fields: (t) => ({ value: t.field({ type: RegulationValueRef, resolve: (p) => p.value }) }),
});

builder.mutationFields((t) => ({
  addRegulationValue: t.field({
    type: Payload,
    description: 'Adds a value of a rule for a period (national administrators); audited.',
    errors: { ...mutationErrors, union: { name: 'AddRegulationValueResult' } },
    args: { input: t.arg({ type: AddInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ value: await ctx.services.regulations.add({ ...input, value: input.value as unknown }) }),
  }),
  endRegulationValue: t.field({
    type: Payload,
    description: 'Ends a value from a day; the value stays, with its dates (national administrators); audited.',
    errors: { ...mutationErrors, union: { name: 'EndRegulationValueResult' } },
    args: { input: t.arg({ type: EndInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      value: await ctx.services.regulations.end(fromGlobalId('RegulationValue', input.valueId, 'valueId'), input.effectiveTo),
    }),
  }),
}));
