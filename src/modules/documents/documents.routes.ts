import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Document } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, idParam, pageOf, pageQuery, problemResponses } from '../../http/schemas.js';
import { fromDbDate } from '../../shared/dates.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { documentTypeLabels } from './documents.labels.js';

const DocumentType = enumSchema('DocumentType', documentTypeLabels);

const DocumentSchema = Type.Object(
  {
    id: Type.String(),
    type: DocumentType,
    number: Type.String({ description: 'Số hiệu, e.g. "05-NQ/ĐUK".' }),
    issuedOn: dateSchema(),
    issuerId: Type.Union([Type.String(), Type.Null()]),
    issuerName: Type.Union([Type.String(), Type.Null()]),
    title: Type.String(),
    summary: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Document' },
);

const CreateBody = Type.Object(
  {
    type: DocumentType,
    number: Type.String({ minLength: 1, maxLength: 60 }),
    issuedOn: dateSchema(),
    issuerId: Type.Optional(Type.String({ description: 'The issuing organisation, when it is in the tree…' })),
    issuerName: Type.Optional(Type.String({ maxLength: 300, description: '…or the name of an issuer outside it.' })),
    title: Type.String({ minLength: 1, maxLength: 1000 }),
    summary: Type.Optional(Type.String({ maxLength: 10000 })),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    type: Type.Optional(DocumentType),
    issuerId: Type.Optional(Type.String()),
    search: Type.Optional(Type.String({ maxLength: 200, description: 'Number or title, ignoring diacritics.' })),
    issuedFrom: Type.Optional(dateSchema()),
    issuedTo: Type.Optional(dateSchema()),
    ...pageQuery,
  },
  { additionalProperties: false },
);

export function documentDto(document: Document) {
  return {
    id: toGlobalId('Document', document.id),
    type: document.type,
    number: document.number,
    issuedOn: fromDbDate(document.issuedOn),
    issuerId: document.issuerId ? toGlobalId('Organization', document.issuerId) : null,
    issuerName: document.issuerName,
    title: document.title,
    summary: document.summary,
    createdAt: document.createdAt.toISOString(),
  };
}

export async function documentRoutes(app: FastifyInstance) {
  app.addSchema(DocumentSchema);

  app.get(
    '/documents',
    {
      schema: {
        tags: ['documents'],
        operationId: 'listDocuments',
        summary: 'Documents, newest first',
        querystring: ListQuery,
        response: { 200: pageOf('Document'), ...problemResponses(400) },
      },
    },
    async (request) => {
      const service = request.services.documents;
      const { first, after, issuerId, ...filter } = request.query as Static<typeof ListQuery>;
      const page = await service.list({
        first,
        after,
        filter: { ...filter, issuerId: issuerId ? fromGlobalId('Organization', issuerId, 'issuerId') : null },
      });
      return { items: page.items.map(documentDto), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
  );

  app.get(
    '/documents/:id',
    {
      schema: {
        tags: ['documents'],
        operationId: 'getDocument',
        summary: 'One document',
        params: idParam,
        response: { 200: Type.Ref('Document'), ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const service = request.services.documents;
      return documentDto(await service.get(fromGlobalId('Document', (request.params as Static<typeof idParam>).id, 'id')));
    },
  );

  app.post(
    '/documents',
    {
      config: { idempotent: true },
      schema: {
        tags: ['documents'],
        operationId: 'createDocument',
        summary: 'Record a document',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'Makes retries safe.' })) }),
        body: CreateBody,
        response: { 201: Type.Ref('Document'), ...problemResponses(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const service = request.services.documents;
      const body = request.body as Static<typeof CreateBody>;
      const document = await service.create({
        ...body,
        issuerId: body.issuerId ? fromGlobalId('Organization', body.issuerId, 'issuerId') : null,
      });
      return reply.status(201).send(documentDto(document));
    },
  );
}
