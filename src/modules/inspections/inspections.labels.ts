import type { InspectionStage, InspectionTeamRole, InspectionType, SupervisionKind, ViolationGravity } from '../../generated/prisma/client.js';

export const inspectionTypeLabels: Record<InspectionType, string> = {
  ON_SIGNS_OF_VIOLATION: 'Kiểm tra khi có dấu hiệu vi phạm',
  INSPECTION_SUPERVISION_WORK: 'Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát của cấp dưới',
  DISCIPLINE_ENFORCEMENT: 'Kiểm tra việc thi hành kỷ luật trong Đảng',
  PARTY_FINANCES: 'Kiểm tra tài chính đảng',
};
export const inspectionStageLabels: Record<InspectionStage, string> = {
  PLANNED: 'Trong kế hoạch',
  DECIDED: 'Đã có quyết định kiểm tra',
  IN_PROGRESS: 'Đang kiểm tra (đã triển khai quyết định)',
  SELF_REPORTED: 'Đối tượng đã tự kiểm tra, báo cáo giải trình',
  VERIFIED: 'Đã thẩm tra, xác minh',
  REPORTED: 'Đoàn kiểm tra đã báo cáo kết quả',
  CONCLUDED: 'Ủy ban kiểm tra đã kết luận',
  NOTIFIED: 'Đã thông báo kết luận',
};
export const violationGravityLabels: Record<ViolationGravity, string> = {
  LESS_SERIOUS: 'Ít nghiêm trọng',
  SERIOUS: 'Nghiêm trọng',
  VERY_SERIOUS: 'Rất nghiêm trọng',
  EXTREMELY_SERIOUS: 'Đặc biệt nghiêm trọng',
};
export const teamRoleLabels: Record<InspectionTeamRole, string> = {
  LEADER: 'Trưởng đoàn',
  DEPUTY: 'Phó trưởng đoàn',
  MEMBER: 'Thành viên',
};
export const supervisionKindLabels: Record<SupervisionKind, string> = {
  REGULAR: 'Giám sát thường xuyên',
  THEMATIC: 'Giám sát chuyên đề',
};
