import type { CommitteeRole } from '../../generated/prisma/client.js';

export const committeeRoleLabels: Record<CommitteeRole, string> = {
  SECRETARY: 'Bí thư',
  DEPUTY_SECRETARY: 'Phó Bí thư',
  STANDING_COMMITTEE_MEMBER: 'Ủy viên Ban Thường vụ',
  COMMITTEE_MEMBER: 'Ủy viên Ban Chấp hành (cấp ủy viên)',
  INSPECTION_COMMITTEE_CHAIR: 'Chủ nhiệm Ủy ban Kiểm tra',
  INSPECTION_COMMITTEE_DEPUTY: 'Phó Chủ nhiệm Ủy ban Kiểm tra',
  INSPECTION_COMMITTEE_MEMBER: 'Ủy viên Ủy ban Kiểm tra',
};
