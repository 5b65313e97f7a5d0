/**
 * Expected failures. Services throw these; GraphQL returns them as typed errors in mutation
 * results (or as errors with `extensions.code` in queries), REST as problem+json with the
 * same code. Anything else is unexpected, logged, and masked.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** Extra machine-readable fields, the same in GraphQL and REST. */
  details(): Record<string, unknown> {
    return {};
  }
}

export type FieldProblem = { field: string; message: string };

/** The input is malformed or out of range (a bad id, `first` over the limit, an empty name). */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  readonly status = 400;
  constructor(
    readonly problems: FieldProblem[],
    message = problems.map((p) => `${p.field}: ${p.message}`).join('; '),
  ) {
    super(message);
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
  override details() {
    return { problems: this.problems };
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  readonly status = 404;
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} was not found`);
  }
  override details() {
    return { entity: this.entity, id: this.id };
  }
}

/** The change collides with existing data: a duplicate code, a reused idempotency key. */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
  readonly status = 409;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
  override details() {
    return this.field ? { field: this.field } : {};
  }
}

/** The subject's current state does not allow the change (e.g. renaming a dissolved organisation). */
export class InvalidTransitionError extends DomainError {
  readonly code = 'INVALID_TRANSITION';
  readonly status = 409;
  constructor(
    message: string,
    readonly state: string,
    readonly event: string,
  ) {
    super(message);
  }
  override details() {
    return { state: this.state, event: this.event };
  }
}

/** A rule of the Party's regulations or of the tree forbids the change. `rule` names which. */
export class RuleViolationError extends DomainError {
  readonly code = 'RULE_VIOLATION';
  readonly status = 422;
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
  override details() {
    return { rule: this.rule };
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  readonly status = 403;
  constructor(message = 'You are not allowed to do this') {
    super(message);
  }
}

/** An `If-Match` precondition failed: the record changed since the client read it. */
export class PreconditionFailedError extends DomainError {
  readonly code = 'PRECONDITION_FAILED';
  readonly status = 412;
}

/**
 * The service cannot answer now, through no fault of the request: the database is
 * unreachable, or the work ran past its time budget on a busy machine. Retry after
 * `retryAfterSeconds` (sent as `Retry-After`).
 */
export class UnavailableError extends DomainError {
  readonly status = 503;
  constructor(
    readonly code: 'SERVICE_UNAVAILABLE' | 'BUSY' | 'TIME_BUDGET_EXCEEDED',
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }
  override details() {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
}
