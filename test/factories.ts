import type { FastifyInstance } from 'fastify';
import type { DocumentType } from '../src/generated/prisma/client.js';
import { toGlobalId } from '../src/shared/ids.js';

let documentNumber = 0;

export async function createDecision(
  app: FastifyInstance,
  overrides: { number?: string; issuedOn?: string; type?: DocumentType; issuerName?: string } = {},
) {
  documentNumber++;
  return app.services.documents.create({
    type: overrides.type ?? 'DECISION',
    number: overrides.number ?? `${documentNumber}-QĐ/TU`,
    issuedOn: overrides.issuedOn ?? '2019-12-20',
    issuerName: overrides.issuerName ?? 'Tỉnh ủy (thử nghiệm)',
    title: `Quyết định thử nghiệm số ${documentNumber}`,
  });
}

export const orgGid = (id: string) => toGlobalId('Organization', id);
export const docGid = (id: string) => toGlobalId('Document', id);
export const userGid = (id: string) => toGlobalId('User', id);
export const grantGid = (id: string) => toGlobalId('RoleGrant', id);
export const apiKeyGid = (id: string) => toGlobalId('ApiKey', id);

/**
 * A small province established on 2020-01-01:
 *
 *   P  Đảng bộ tỉnh Thử Nghiệm (PROVINCIAL_COMMITTEE)
 *   ├─ U1 Đảng bộ Khối các cơ quan (UPPER_GRASSROOTS_COMMITTEE)
 *   │  ├─ G1 Đảng bộ Sở Tài chính (GRASSROOTS_COMMITTEE)
 *   │  │  ├─ B1 Chi bộ Văn phòng (BRANCH)
 *   │  │  └─ B2 Chi bộ Thanh tra (BRANCH)
 *   │  └─ G2 Chi bộ Sở Tư pháp (GRASSROOTS_BRANCH)
 *   └─ U2 Đảng bộ Khối Doanh nghiệp (UPPER_GRASSROOTS_COMMITTEE)
 *      └─ G3 Đảng bộ Công ty Điện lực (GRASSROOTS_COMMITTEE)
 *         └─ B3 Chi bộ Phân xưởng (BRANCH)
 */
export async function buildTree(app: FastifyInstance, on = '2020-01-01') {
  const decision = await createDecision(app);
  const service = app.services.organizations;
  const establish = async (
    code: string,
    name: string,
    kindCode: string,
    parentId: string | null,
    sector: 'PARTY_AGENCY' | 'STATE_AGENCY' | 'STATE_ENTERPRISE' = 'STATE_AGENCY',
  ) =>
    (await service.establish({ code, name, kindCode, sector, parentId, effectiveOn: on, decisionId: decision.id }))
      .organizationIds[0]!;
  const P = await establish('P', 'Đảng bộ tỉnh Thử Nghiệm', 'PROVINCIAL_COMMITTEE', null, 'PARTY_AGENCY');
  const U1 = await establish('U1', 'Đảng bộ Khối các cơ quan', 'UPPER_GRASSROOTS_COMMITTEE', P, 'PARTY_AGENCY');
  const U2 = await establish('U2', 'Đảng bộ Khối Doanh nghiệp', 'UPPER_GRASSROOTS_COMMITTEE', P, 'PARTY_AGENCY');
  const G1 = await establish('G1', 'Đảng bộ Sở Tài chính', 'GRASSROOTS_COMMITTEE', U1);
  const G2 = await establish('G2', 'Chi bộ Sở Tư pháp', 'GRASSROOTS_BRANCH', U1);
  const G3 = await establish('G3', 'Đảng bộ Công ty Điện lực', 'GRASSROOTS_COMMITTEE', U2, 'STATE_ENTERPRISE');
  const B1 = await establish('B1', 'Chi bộ Văn phòng', 'BRANCH', G1);
  const B2 = await establish('B2', 'Chi bộ Thanh tra', 'BRANCH', G1);
  const B3 = await establish('B3', 'Chi bộ Phân xưởng', 'BRANCH', G3, 'STATE_ENTERPRISE');
  return { decision, P, U1, U2, G1, G2, G3, B1, B2, B3 };
}

export const memberGid = (id: string) => toGlobalId('Member', id);

let cardNumber = 100000;

/** Admits a member through the service (setup for tests of what follows admission). */
export async function admitMember(
  app: FastifyInstance,
  organizationId: string,
  decisionId: string,
  overrides: { fullName?: string; admittedOn?: string; dateOfBirth?: string; gender?: 'MALE' | 'FEMALE'; partyCardNumber?: string } = {},
) {
  cardNumber++;
  return app.services.members.admit({
    fullName: overrides.fullName ?? `Nguyễn Văn Thử ${cardNumber}`,
    gender: overrides.gender ?? 'MALE',
    dateOfBirth: overrides.dateOfBirth ?? '1990-05-15',
    partyCardNumber: overrides.partyCardNumber ?? `TN${cardNumber}`,
    organizationId,
    admittedOn: overrides.admittedOn ?? '2020-03-01',
    decisionId,
  });
}
