import type { RemovalGround, RemovalProposalStatus } from '../../generated/prisma/client.js';

export const removalGroundLabels: Record<RemovalGround, string> = {
  MISSED_ACTIVITY: 'Bỏ sinh hoạt đảng ba tháng trong năm không có lý do chính đáng',
  UNPAID_DUES: 'Không đóng đảng phí ba tháng trong năm không có lý do chính đáng',
};
export const removalStatusLabels: Record<RemovalProposalStatus, string> = {
  PROPOSED: 'Chi bộ đề nghị',
  DECIDED: 'Đã quyết định xóa tên',
  REJECTED: 'Không xóa tên',
};
