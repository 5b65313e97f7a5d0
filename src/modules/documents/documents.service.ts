import { authorize, authorizeAnywhere, currentPath, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Document, DocumentType, Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { uniqueViolation } from '../../db/errors.js';
import { fromDbDate, toDbDate, type IsoDate } from '../../shared/dates.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { decodeCursor, pageSize, toPage, type Page, type PageArgs } from '../../shared/pagination.js';
import { searchKey } from '../../shared/text.js';
import { inTransaction } from '../../db/transactions.js';

export type DocumentFilter = {
  type?: DocumentType | null;
  issuerId?: string | null;
  /** Number or title, ignoring case and diacritics. */
  search?: string | null;
  issuedFrom?: IsoDate | null;
  issuedTo?: IsoDate | null;
};

export type CreateDocumentInput = {
  type: DocumentType;
  number: string;
  issuedOn: IsoDate;
  issuerId?: string | null;
  issuerName?: string | null;
  title: string;
  summary?: string | null;
};

const MAX_NUMBER_LENGTH = 60;
const MAX_TITLE_LENGTH = 1000;

/** Documents newest first; the cursor is the issue date and id of the last one. */
function cursorKey(document: Document): string {
  return `${fromDbDate(document.issuedOn)}|${document.id}`;
}

export class DocumentService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
  ) {}

  async byIds(ids: readonly string[]): Promise<Map<string, Document>> {
    const rows = await this.prisma.document.findMany({ where: { id: { in: [...ids] } } });
    return new Map(rows.map((row) => [row.id, row]));
  }

  async get(id: string): Promise<Document> {
    const found = await this.prisma.document.findUnique({ where: { id } });
    if (!found) throw new NotFoundError('Document', id);
    return found;
  }

  async list(args: { filter?: DocumentFilter | null } & PageArgs): Promise<Page<Document>> {
    const size = pageSize(args.first);
    const after = decodeCursor(args.after);
    const filter = args.filter ?? {};
    const conditions: Prisma.DocumentWhereInput[] = [];
    if (filter.type) conditions.push({ type: filter.type });
    if (filter.issuerId) conditions.push({ issuerId: filter.issuerId });
    if (filter.issuedFrom) conditions.push({ issuedOn: { gte: toDbDate(filter.issuedFrom) } });
    if (filter.issuedTo) conditions.push({ issuedOn: { lte: toDbDate(filter.issuedTo) } });
    const term = filter.search ? searchKey(filter.search) : '';
    if (term) conditions.push({ searchText: { contains: term } });
    const all = [...conditions];
    if (after) {
      const [issuedOn, id] = after.split('|');
      const day = toDbDate(issuedOn!);
      conditions.push({ OR: [{ issuedOn: { lt: day } }, { issuedOn: day, id: { lt: id! } }] });
    }
    const rows = await this.prisma.document.findMany({
      where: { AND: conditions },
      orderBy: [{ issuedOn: 'desc' }, { id: 'desc' }],
      take: size + 1,
    });
    return toPage(rows, size, cursorKey, () => this.prisma.document.count({ where: { AND: all } }));
  }

  async create(input: CreateDocumentInput): Promise<Document> {
    const number = input.number.trim();
    const title = input.title.trim().replace(/\s+/g, ' ');
    const issuerName = input.issuerName?.trim() || null;
    const problems: { field: string; message: string }[] = [];
    if (!number) problems.push({ field: 'number', message: 'must not be empty' });
    if (number.length > MAX_NUMBER_LENGTH) problems.push({ field: 'number', message: `at most ${MAX_NUMBER_LENGTH} characters` });
    if (!title) problems.push({ field: 'title', message: 'must not be empty' });
    if (title.length > MAX_TITLE_LENGTH) problems.push({ field: 'title', message: `at most ${MAX_TITLE_LENGTH} characters` });
    if (!input.issuerId === !issuerName) {
      problems.push({
        field: 'issuer',
        message: 'give exactly one of issuerId (an organisation in the tree) or issuerName (one outside it)',
      });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    if (input.issuerId) {
      const issuer = await this.prisma.organization.findUnique({ where: { id: input.issuerId }, select: { id: true } });
      if (!issuer) throw new NotFoundError('Organization', input.issuerId);
    }
    const scopePath = input.issuerId ? await currentPath(this.prisma, input.issuerId) : [];
    // A document of an organisation is recorded within its subtree; one from outside the tree by anyone who records documents.
    const role = input.issuerId ? authorize(this.actor, 'recordDocuments', [scopePath]) : authorizeAnywhere(this.actor, 'recordDocuments');
    // The unique index covers issuers in the tree; issuers outside it (issuer_id NULL) are checked here.
    const duplicate = await this.prisma.document.findFirst({
      where: { number, issuedOn: toDbDate(input.issuedOn), issuerId: input.issuerId ?? null, issuerName },
      select: { id: true },
    });
    if (duplicate) throw new ConflictError(`document ${number} of ${input.issuedOn} is already recorded`, 'number');
    try {
      return await inTransaction(this.prisma, async (tx) => {
        const document = await tx.document.create({
          data: {
            type: input.type,
            number,
            issuedOn: toDbDate(input.issuedOn),
            issuerId: input.issuerId ?? null,
            issuerName,
            title,
            summary: input.summary?.trim() || null,
            searchText: searchKey(number, title),
          },
        });
        await this.audit.record(tx, role, {
          action: 'document.create',
          entityType: 'Document',
          entityId: document.id,
          scopePath,
          after: { type: document.type, number, issuedOn: input.issuedOn, issuerId: document.issuerId, issuerName, title },
        });
        return document;
      });
    } catch (error) {
      if (uniqueViolation(error)) {
        throw new ConflictError(`document ${number} of ${input.issuedOn} is already recorded`, 'number');
      }
      throw error;
    }
  }
}
