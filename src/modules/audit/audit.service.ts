import type { AuditEvent, Prisma, PrismaClient, Role } from '../../generated/prisma/client.js';
import type { Tx } from '../../db/database.js';
import { insertRows } from '../../db/bulk.js';
import { ValidationError } from '../../shared/errors.js';
import { recordedId } from '../../shared/ids.js';
import { decodeCursor, pageSize, toPage, type Page, type PageArgs } from '../../shared/pagination.js';
import { authorizeAnywhere, scopeOf, type Actor } from '../auth/access.js';

/** Fields whose values never reach the audit trail: only that they changed. */
const MASKED = new Set(['nationalId', 'phone', 'email', 'permanentAddress', 'passwordHash', 'password', 'refreshTokenHash', 'keyHash', 'secret']);
const MASK = '***';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string;
  /** Path of the organisation concerned (for scoping audit queries). */
  scopePath: number[];
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

export type AuditFilter = { entityType?: string | null; entityId?: string | null; actorId?: string | null; from?: Date | null; to?: Date | null };

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** The fields that differ, before and after, sensitive ones masked. */
export function auditDiff(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined) {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  const diff: { before: Record<string, unknown> | null; after: Record<string, unknown> | null } = {
    before: before ? {} : null,
    after: after ? {} : null,
  };
  for (const key of keys) {
    const old = plain(before?.[key]);
    const now = plain(after?.[key]);
    if (before && after && JSON.stringify(old) === JSON.stringify(now)) continue;
    if (diff.before && before && key in before) diff.before[key] = MASKED.has(key) && old != null ? MASK : (old ?? null);
    if (diff.after && after && key in after) diff.after[key] = MASKED.has(key) && now != null ? MASK : (now ?? null);
  }
  return diff;
}

export class AuditService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
  ) {}

  /** Writes one audit event inside the caller's transaction: the change and its record commit together. */
  async record(tx: Tx, role: Role, entry: AuditEntry): Promise<void> {
    await tx.auditEvent.create({ data: this.row(role, entry) });
  }

  /**
   * Records a read that is itself an act to answer for (an export of a list of people): one
   * row on its own, as nothing is written with it.
   */
  async recordRead(role: Role, entry: AuditEntry): Promise<void> {
    await this.prisma.auditEvent.create({ data: this.row(role, entry) });
  }

  /** Writes the audit events of a batch in the caller's transaction, in one statement per 5,000. */
  async recordMany(tx: Tx, role: Role, entries: readonly AuditEntry[]): Promise<void> {
    await insertRows(tx, 'audit_events', entries.map((entry) => this.row(role, entry)));
  }

  /** The audit row of a change by this actor, allowed by `role`. */
  private row(role: Role, entry: AuditEntry) {
    return {
      actorId: this.actor.userId,
      actorName: this.actor.name,
      apiKeyId: this.actor.apiKeyId,
      role,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      scopePath: entry.scopePath,
      diff: auditDiff(entry.before, entry.after) as Prisma.InputJsonObject,
      requestId: this.actor.requestId,
      clientAddress: this.actor.clientAddress,
    };
  }

  /** Audit events by id (node refetching), within the administrator's subtrees. */
  async byIds(ids: readonly string[]): Promise<AuditEvent[]> {
    authorizeAnywhere(this.actor, 'readAudit');
    const scope = scopeOf(this.actor, 'readAudit');
    return this.prisma.auditEvent.findMany({ where: { id: { in: ids.map((id) => BigInt(id)) }, ...(scope ? { scopePath: { hasSome: scope } } : {}) } });
  }

  /** Audit events, newest first, within the administrator's subtrees. */
  async list(args: { filter?: AuditFilter | null } & PageArgs): Promise<Page<AuditEvent>> {
    authorizeAnywhere(this.actor, 'readAudit');
    const size = pageSize(args.first);
    const after = decodeCursor(args.after);
    const filter = args.filter ?? {};
    const scope = scopeOf(this.actor, 'readAudit');
    const conditions: Prisma.AuditEventWhereInput[] = [];
    if (scope) conditions.push({ scopePath: { hasSome: scope } });
    if (filter.entityType) conditions.push({ entityType: filter.entityType });
    if (filter.entityId) {
      // A global id names its type as well; a recorded value (a date, a key) is matched as it is.
      const entity = recordedId(filter.entityId);
      conditions.push({ entityId: entity.id, ...(entity.type ? { entityType: entity.type } : {}) });
    }
    if (filter.actorId) conditions.push({ actorId: filter.actorId });
    if (filter.from) conditions.push({ occurredAt: { gte: filter.from } });
    if (filter.to) conditions.push({ occurredAt: { lt: filter.to } });
    const all = [...conditions];
    if (after) {
      if (!/^\d+$/.test(after)) throw ValidationError.field('after', 'is not a cursor returned by this API');
      conditions.push({ id: { lt: BigInt(after) } });
    }
    const rows = await this.prisma.auditEvent.findMany({ where: { AND: conditions }, orderBy: { id: 'desc' }, take: size + 1 });
    return toPage(rows, size, (row) => row.id.toString(), () => this.prisma.auditEvent.count({ where: { AND: all } }));
  }
}
