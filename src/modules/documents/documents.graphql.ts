import type { Document } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { pageArgs, toConnection, totalCountField } from '../../graphql/connections.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { DocumentRef, OrganizationRef } from '../../graphql/refs.js';
import { fromDbDate } from '../../shared/dates.js';
import { fromGlobalId } from '../../shared/ids.js';
import { documentTypeLabels } from './documents.labels.js';

export const DocumentTypeEnum = labelledEnum('DocumentType', documentTypeLabels, 'Loại văn bản: the kind of a Party document.');

builder.node(DocumentRef, {
  description: 'A numbered Party document ("05-NQ/ĐUK"): every decision recorded in the service references one.',
  id: { resolve: (document) => document.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'issuedOn' in value && 'number' in value,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.documents.load(id))),
  fields: (t) => ({
    type: t.field({ type: DocumentTypeEnum, resolve: (document) => document.type }),
    number: t.exposeString('number', { description: 'Số hiệu, e.g. "05-NQ/ĐUK".' }),
    issuedOn: t.field({ type: 'Date', resolve: (document) => document.issuedOn }),
    issuer: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The issuing organisation as of the issue date, when it is in the tree.',
      resolve: (document, _args, ctx) =>
        document.issuerId ? ctx.loaders.organization.load({ id: document.issuerId, asOf: fromDbDate(document.issuedOn) }) : null,
    }),
    issuerName: t.exposeString('issuerName', {
      nullable: true,
      description: 'The issuer when it is outside the tree (e.g. "Ban Chấp hành Trung ương").',
    }),
    title: t.exposeString('title'),
    summary: t.exposeString('summary', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (document) => document.createdAt }),
  }),
});

const DocumentFilter = builder.inputType('DocumentFilter', {
  fields: (t) => ({
    type: t.field({ type: DocumentTypeEnum }),
    issuerId: t.id(),
    search: t.string({ description: 'Number or title; ignores case and Vietnamese diacritics.' }),
    issuedFrom: t.field({ type: 'Date' }),
    issuedTo: t.field({ type: 'Date' }),
  }),
});

const DocumentConnection = builder.connectionObject({ type: DocumentRef, name: 'DocumentConnection', fields: totalCountField }, { name: 'DocumentEdge' });

builder.queryFields((t) => ({
  document: t.field({
    type: DocumentRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.loaders.documents.load(fromGlobalId('Document', args.id, 'id')),
  }),
  documents: t.field({
    type: DocumentConnection,
    description: 'Documents, newest first.',
    args: { filter: t.arg({ type: DocumentFilter }), ...pageArgs(t.arg) },
    resolve: async (_root, args, ctx) =>
      toConnection(
        await ctx.services.documents.list({
          first: args.first,
          after: args.after,
          filter: args.filter && {
            ...args.filter,
            issuerId: args.filter.issuerId ? fromGlobalId('Organization', args.filter.issuerId, 'filter.issuerId') : null,
          },
        }),
      ),
  }),
}));

const CreateDocumentInput = builder.inputType('CreateDocumentInput', {
  fields: (t) => ({
    type: t.field({ type: DocumentTypeEnum, required: true }),
    number: t.string({ required: true, description: 'Số hiệu, e.g. "1788-QĐ/TU".' }),
    issuedOn: t.field({ type: 'Date', required: true }),
    issuerId: t.id({ description: 'The issuing organisation, when it is in the tree…' }),
    issuerName: t.string({ description: '…or the name of an issuer outside it.' }),
    title: t.string({ required: true }),
    summary: t.string(),
  }),
});

const DocumentPayload = builder.objectRef<{ document: Document }>('CreateDocumentPayload').implement({
  fields: (t) => ({ document: t.field({ type: DocumentRef, resolve: (payload) => payload.document }) }),
});

builder.mutationFields((t) => ({
  createDocument: t.field({
    type: DocumentPayload,
    description: 'Records a Party document, so that decisions can reference it.',
    errors: { ...mutationErrors, union: { name: 'CreateDocumentResult' } },
    args: { input: t.arg({ type: CreateDocumentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      document: await ctx.services.documents.create({
        ...input,
        issuerId: input.issuerId ? fromGlobalId('Organization', input.issuerId, 'issuerId') : null,
      }),
    }),
  }),
}));
