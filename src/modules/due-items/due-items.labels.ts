import type { DueItemKind } from './due-items.service.js';

export const dueItemKindLabels: Record<DueItemKind, string> = {
  PROBATION_ENDING: 'Hết thời gian dự bị (xét công nhận chính thức)',
  TEMPORARY_TRANSFER_ENDING: 'Hết thời hạn sinh hoạt đảng tạm thời',
  MEMBER_SUSPENSION_ENDING: 'Hết thời hạn đình chỉ sinh hoạt đảng của đảng viên',
  ORGANIZATION_SUSPENSION_ENDING: 'Hết thời hạn đình chỉ hoạt động của tổ chức đảng',
  APPEAL_DUE: 'Hạn giải quyết khiếu nại kỷ luật',
  DENUNCIATION_DUE: 'Hạn giải quyết tố cáo',
  PARTY_BADGE_MILESTONE: 'Xét tặng Huy hiệu Đảng',
  REGULAR_MEETING_NOT_HELD: 'Chưa sinh hoạt chi bộ thường kỳ trong tháng',
  MEETING_PLANNED: 'Cuộc họp đã lên lịch',
  DUES_IN_ARREARS: 'Chưa đóng đủ đảng phí tháng trước',
  TERM_ENDING: 'Hết nhiệm kỳ',
  TRAINING_CLASS_STARTING: 'Khai giảng lớp bồi dưỡng',
};
