import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
} from '../shared/errors.js';
import { builder } from './builder.js';

/**
 * Expected failures are part of the schema: every mutation returns its payload or one of
 * these. All of them implement `Error`, so a client can select `... on Error { code message }`.
 */
export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'An expected failure: the change was refused and nothing was written.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Stable code: VALIDATION_FAILED, NOT_FOUND, CONFLICT, …' }),
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
  }),
});

const FieldProblem = builder
  .objectRef<{ field: string; message: string }>('FieldProblem')
  .implement({ fields: (t) => ({ field: t.exposeString('field'), message: t.exposeString('message') }) });

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input is malformed or out of range.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ problems: t.field({ type: [FieldProblem], resolve: (error) => error.problems }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'A referenced record does not exist.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ entity: t.exposeString('entity'), id: t.exposeString('id') }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The change collides with existing data (e.g. a duplicate code).',
  interfaces: [ErrorInterface],
  fields: (t) => ({ field: t.exposeString('field', { nullable: true }) }),
});

builder.objectType(InvalidTransitionError, {
  name: 'InvalidTransitionError',
  description: 'The current state of the subject does not allow this event.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    state: t.exposeString('state', { description: 'The state the subject is in.' }),
    attemptedEvent: t.exposeString('event', { description: 'The event it cannot take.' }),
  }),
});

builder.objectType(RuleViolationError, {
  name: 'RuleViolationError',
  description: 'A rule of the regulations or of the tree forbids the change; `rule` names it.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ rule: t.exposeString('rule') }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'The caller may not make this change.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

/** The errors every mutation can return. */
export const mutationErrors = {
  types: [ValidationError, NotFoundError, ConflictError, InvalidTransitionError, RuleViolationError, ForbiddenError],
};
