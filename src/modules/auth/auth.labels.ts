import type { Role } from '../../generated/prisma/client.js';

export const roleLabels: Record<Role, string> = {
  ADMIN: 'Quản trị: mọi quyền trong phạm vi',
  ORGANIZATION_OFFICER: 'Cán bộ tổ chức: cơ cấu tổ chức và hồ sơ đảng viên',
  INSPECTION_OFFICER: 'Cán bộ kiểm tra: kỷ luật, kiểm tra, khiếu nại, tố cáo',
  BRANCH_SECRETARY: 'Bí thư chi bộ: đảng viên, đánh giá và đề nghị của chi bộ',
  VIEWER: 'Xem số liệu tổng hợp và danh sách không nhạy cảm',
};
