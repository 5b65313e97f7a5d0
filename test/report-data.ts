import type { FastifyInstance } from 'fastify';
import type { PersonalData } from '../src/modules/members/members.service.js';
import { buildTree } from './factories.js';

let numbered = 0;
async function admit(app: FastifyInstance, organizationId: string, decisionId: string, admittedOn: string, person: Partial<PersonalData>) {
  numbered += 1;
  const id = await app.services.members.admit({
    fullName: `Đảng Viên Biểu ${numbered}`,
    gender: 'MALE',
    dateOfBirth: '1990-06-15',
    ethnicity: 'Kinh',
    educationLevel: '12/12',
    occupation: 'Công chức',
    partyCardNumber: `BM${numbered}`,
    ...person,
    organizationId,
    admittedOn,
    decisionId,
  });
  // Recognised official a year on, unless admitted in 2024 or later (still probationary at the forms' days).
  if (admittedOn < '2024-01-01') await app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: `${Number(admittedOn.slice(0, 4)) + 1}${admittedOn.slice(4)}`, decisionId });
  return id;
}

/** A province with members whose records are typed as offices type them. */
export async function province(app: FastifyInstance) {
  const tree = await buildTree(app, '1970-01-01');
  const d = tree.decision.id;
  const members = app.services.members;
  // In U1 (G1's branches B1, B2 and the grassroots branch G2), before 2025.
  const first = await admit(app, tree.B1, d, '1974-05-10', { gender: 'FEMALE', dateOfBirth: '1950-02-01', ethnicity: "H'Mông", religion: 'Thiên Chúa giáo', occupation: 'Hưu trí', professionalQualification: 'Cử nhân Luật', politicalTheoryLevel: 'Cao cấp lý luận chính trị' });
  const second = await admit(app, tree.B1, d, '2010-03-01', { gender: 'FEMALE', dateOfBirth: '1985-12-31', ethnicity: 'HMÔNG', religion: 'Không', educationLevel: '9/12', occupation: 'Giáo viên', professionalQualification: 'Thạc sỹ' });
  const third = await admit(app, tree.B2, d, '2015-07-01', { dateOfBirth: '1996-01-01', ethnicity: 'Tày', religion: 'Phật giáo', occupation: 'Thợ lặn', politicalTheoryLevel: 'Sơ cấp' });
  const mover = await admit(app, tree.G2, d, '2012-01-01', { dateOfBirth: '1980-01-01', occupation: 'Công nhân' });
  const dying = await admit(app, tree.B2, d, '2000-01-01', { dateOfBirth: '1960-01-01' });
  const expelled = await admit(app, tree.B1, d, '2005-01-01', { dateOfBirth: '1975-01-01' });
  // In U2 (G3's branch B3).
  await admit(app, tree.B3, d, '2018-01-01', { gender: 'FEMALE', dateOfBirth: '1999-09-09', ethnicity: 'Khmer', occupation: 'Kỹ sư' });
  // 2024: one admission in U1 (the year before's movement).
  await admit(app, tree.B1, d, '2024-04-01', { dateOfBirth: '2001-01-01' });
  // 2025: two admissions in U1 (one removed while probationary), a death, an expulsion, a transfer U1 → U2.
  await admit(app, tree.B2, d, '2025-02-01', { gender: 'FEMALE', dateOfBirth: '2002-03-03' });
  const removed = await admit(app, tree.B2, d, '2025-03-01', { dateOfBirth: '2003-03-03' });
  await members.recordEvent(removed, 'REMOVED_FROM_ROLL', { occurredOn: '2025-09-01', decisionId: d });
  await members.recordEvent(dying, 'DECEASED', { occurredOn: '2025-05-05' });
  await app.services.discipline.record({
    memberId: expelled, form: 'EXPULSION', category: 'GENERAL', violationSummary: 'Vi phạm tư cách đảng viên',
    violatedOn: '2025-01-10', decidedOn: '2025-06-06', decisionId: d, authorityId: tree.G1,
  });
  await members.recordEvent(mover, 'TRANSFERRED', { occurredOn: '2025-08-01', organizationId: tree.B3, decisionId: d, letter: { letterNumber: '8/GGT' } });
  return { ...tree, people: { first, second, third, mover, dying, expelled, removed } };
}

