import type { DisciplineForm, DisciplineStatus, ViolationCategory } from '../../generated/prisma/client.js';

export const disciplineFormLabels: Record<DisciplineForm, string> = {
  REPRIMAND: 'Khiển trách',
  WARNING: 'Cảnh cáo',
  DISMISSAL: 'Cách chức',
  EXPULSION: 'Khai trừ',
  DISSOLUTION: 'Giải tán',
};
export const violationCategoryLabels: Record<ViolationCategory, string> = {
  GENERAL: 'Vi phạm khác (có thời hiệu)',
  INTERNAL_POLITICAL: 'Chính trị nội bộ (không áp dụng thời hiệu)',
  DEFENSE_SECURITY_FOREIGN_AFFAIRS: 'Quốc phòng, an ninh, đối ngoại (không áp dụng thời hiệu)',
  ILLEGAL_DEGREE: 'Sử dụng văn bằng, chứng chỉ không hợp pháp (không áp dụng thời hiệu)',
};
export const disciplineStatusLabels: Record<DisciplineStatus, string> = {
  IN_FORCE: 'Đang có hiệu lực',
  CHANGED: 'Đã thay đổi hình thức (sau khiếu nại)',
  ANNULLED: 'Đã xóa bỏ (sau khiếu nại)',
};
