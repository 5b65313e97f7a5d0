import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { RegulationValue } from '../../generated/prisma/client.js';
import { dateSchema, idParam, problemResponses } from '../../http/schemas.js';
import { fromDbDate, fromDbDateOrNull } from '../../shared/dates.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';

const ValueSchema = Type.Object(
  {
    id: Type.String(),
    key: Type.String(),
    value: Type.Unknown({ description: 'In the shape of the rule (GET /regulation-rules gives each rule’s JSON Schema).' }),
    effectiveFrom: dateSchema(),
    effectiveTo: Type.Union([dateSchema(), Type.Null()], { description: 'The first day it no longer applies; null while in force.' }),
    source: Type.String(),
    confirmed: Type.Boolean(),
    note: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'RegulationValue' },
);
const RuleSchema = Type.Object(
  { key: Type.String(), name: Type.String(), valueSchema: Type.Unknown({ description: 'The JSON Schema of a value.' }), values: Type.Array(Type.Ref('RegulationValue')) },
  { $id: 'RegulationRule' },
);
const AddBody = Type.Object(
  {
    key: Type.String({ maxLength: 100 }),
    value: Type.Unknown(),
    effectiveFrom: dateSchema(),
    effectiveTo: Type.Optional(dateSchema({ description: 'For a closed period: the first day it no longer applies.' })),
    source: Type.String({ minLength: 1, maxLength: 1000 }),
    confirmed: Type.Boolean(),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const EndBody = Type.Object({ effectiveTo: dateSchema({ description: 'The first day it no longer applies.' }) }, { additionalProperties: false });

export function regulationValueView(r: RegulationValue) {
  return {
    id: toGlobalId('RegulationValue', r.id),
    key: r.key,
    value: r.value,
    effectiveFrom: fromDbDate(r.effectiveFrom),
    effectiveTo: fromDbDateOrNull(r.effectiveTo),
    source: r.source,
    confirmed: r.confirmed,
    note: r.note,
  };
}

export async function regulationRoutes(app: FastifyInstance) {
  app.addSchema(ValueSchema);
  app.addSchema(RuleSchema);
  const tags = ['regulations'];

  app.get(
    '/regulation-rules',
    { schema: { tags, operationId: 'listRegulationRules', summary: 'The rules of the regulations the service applies, with their dated values', response: { 200: Type.Array(Type.Ref('RegulationRule')), ...problemResponses(401) } } },
    async (request) => {
      const service = request.services.regulations;
      const rules = service.catalogue();
      const values = await service.values({});
      return rules.map((rule) => ({ key: rule.key, name: rule.name, valueSchema: rule.schema, values: values.filter((v) => v.key === rule.key).map(regulationValueView) }));
    },
  );
  app.get(
    '/regulation-values',
    {
      schema: {
        tags,
        operationId: 'listRegulationValues',
        summary: 'Values of the rules (of one rule), in force on a day or all of them',
        querystring: Type.Object({ key: Type.Optional(Type.String({ maxLength: 100 })), asOf: Type.Optional(dateSchema()) }, { additionalProperties: false }),
        response: { 200: Type.Array(Type.Ref('RegulationValue')), ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const query = request.query as { key?: string; asOf?: string };
      return (await request.services.regulations.values({ key: query.key, asOf: query.asOf })).map(regulationValueView);
    },
  );
  app.post(
    '/regulation-values',
    {
      config: { idempotent: true },
      schema: {
        tags,
        operationId: 'addRegulationValue',
        summary: 'Add a value of a rule for a period (national administrators)',
        body: AddBody,
        response: { 201: Type.Ref('RegulationValue'), ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(regulationValueView(await request.services.regulations.add(request.body as Static<typeof AddBody>))),
  );
  app.post(
    '/regulation-values/:id/end',
    {
      schema: {
        tags,
        operationId: 'endRegulationValue',
        summary: 'End a value from a day; it stays with its dates (national administrators)',
        params: idParam,
        body: EndBody,
        response: { 200: Type.Ref('RegulationValue'), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const id = fromGlobalId('RegulationValue', (request.params as Static<typeof idParam>).id, 'id');
      return regulationValueView(await request.services.regulations.end(id, (request.body as Static<typeof EndBody>).effectiveTo));
    },
  );
}
