import { builder } from '../../graphql/builder.js';
import { labelledEnum } from '../../graphql/enums.js';
import { MemberRef, OrganizationRef } from '../../graphql/refs.js';
import { fromGlobalId, toGlobalId, type EntityType } from '../../shared/ids.js';
import { dueItemKindLabels } from './due-items.labels.js';
import type { DueItem, DueItems } from './due-items.service.js';
import { dueItemsAdded, MAX_DUE_ITEM_SUBSCRIPTIONS } from './due-items.live.js';
import { ConflictError } from '../../shared/errors.js';

const Kind = labelledEnum('DueItemKind', dueItemKindLabels, 'What comes due.');

const ItemRef = builder.objectRef<DueItem>('DueItem').implement({
  description: 'A matter coming due (or overdue) in a subtree, with the rule behind its date.',
  fields: (t) => ({
    date: t.field({ type: 'Date', resolve: (i) => i.date }),
    kind: t.field({ type: Kind, resolve: (i) => i.kind }),
    overdue: t.exposeBoolean('overdue', { description: 'The date has passed and the matter is still open.' }),
    organization: t.field({ type: OrganizationRef, nullable: true, resolve: (i, _a, ctx) => ctx.loaders.organization.load({ id: i.organizationId, asOf: ctx.today }) }),
    member: t.field({ type: MemberRef, nullable: true, resolve: (i, _a, ctx) => (i.memberId ? ctx.loaders.member.load({ id: i.memberId, asOf: ctx.today }) : null) }),
    subjectId: t.id({ description: 'The global id of the record it is about (Member, Meeting, Complaint, Term, TrainingClass, OrganizationSuspension, Organization).', resolve: (i) => toGlobalId(i.subjectType as EntityType, i.subjectId) }),
    subjectType: t.exposeString('subjectType'),
    title: t.exposeString('title'),
    rule: t.exposeString('rule', { nullable: true, description: 'The source of the rule that sets the date, marked when unconfirmed.' }),
  }),
});

const ItemsRef = builder.objectRef<DueItems>('DueItems').implement({
  fields: (t) => ({
    asOf: t.field({ type: 'Date', resolve: (d) => d.asOf }),
    until: t.field({ type: 'Date', resolve: (d) => d.until }),
    items: t.field({ type: [ItemRef], resolve: (d) => d.items }),
    truncated: t.exposeBoolean('truncated', { description: 'More than 5,000 items: the earliest are given.' }),
  }),
});

builder.queryField('dueItems', (t) =>
  t.field({
    type: ItemsRef,
    description: 'What comes due in a subtree within some days (one statement): probations ending, transfers and suspensions ending, appeals and denunciations due, badge milestones, meetings, dues in arrears, terms ending, classes starting; open matters past their date as overdue.',
    args: {
      organizationId: t.arg.id({ required: true }),
      days: t.arg.int({ required: true, description: 'From 0 to 366.' }),
      asOf: t.arg({ type: 'Date', description: 'Today when omitted.' }),
    },
    resolve: (_r, a, ctx) => ctx.services.dueItems.within(fromGlobalId('Organization', a.organizationId, 'organizationId'), a.days, a.asOf ?? undefined),
  }),
);

builder.subscriptionField('dueItemsAdded', (t) =>
  t.field({
    type: ItemsRef,
    description:
      'Items newly coming due in a subtree within some days, as they appear: after a change in the subtree (through any instance, heard from the database at commit) or when the day turns, the items not there before. What is due when subscribing is not sent (ask `dueItems`). Scoped like `dueItems`, with the rights read again at each change: a caller who loses the right gets the error and the subscription ends.',
    args: {
      organizationId: t.arg.id({ required: true }),
      days: t.arg.int({ required: true, description: 'From 0 to 366.' }),
    },
    subscribe: async (_root, a, ctx) => {
      // Authorised first: the first read refuses a subtree the caller may not read.
      const organizationId = fromGlobalId('Organization', a.organizationId, 'organizationId');
      const changes = ctx.subtreeChanges!;
      const actor = ctx.services.actor;
      const release = changes.admit(actor.apiKeyId ? `key:${actor.apiKeyId}` : `user:${actor.userId}`);
      if (!release) throw new ConflictError(`at most ${MAX_DUE_ITEM_SUBSCRIPTIONS} subscriptions to items coming due at once: end one first`, 'organizationId');
      try {
        const { dueItems, scopeKey } = await changes.read(() => ctx.services.dueItems.withScope(organizationId, a.days));
        return dueItemsAdded({ initial: dueItems, scopeKey, changes, read: async () => (await ctx.servicesNow!()).dueItems.within(organizationId, a.days), onEnd: release });
      } catch (error) {
        release();
        throw error;
      }
    },
    resolve: (added) => added,
  }),
);
