import type { MeetingAttendance, MeetingEventType, MeetingKind, MeetingParticipantRole, MeetingQuality, MeetingStatus } from '../../generated/prisma/client.js';

export const meetingKindLabels: Record<MeetingKind, string> = {
  REGULAR: 'Sinh hoạt chi bộ thường kỳ',
  THEMATIC: 'Sinh hoạt chuyên đề',
  EXTRAORDINARY: 'Sinh hoạt bất thường',
  COMMITTEE: 'Họp cấp ủy',
};
export const meetingStatusLabels: Record<MeetingStatus, string> = {
  PLANNED: 'Đã lên kế hoạch',
  HELD: 'Đã tổ chức',
  CANCELLED: 'Đã hủy',
};
export const participantRoleLabels: Record<MeetingParticipantRole, string> = {
  MEMBER: 'Đảng viên của chi bộ (cấp ủy viên, với cuộc họp cấp ủy)',
  HOSTED: 'Đảng viên sinh hoạt tạm thời (không biểu quyết)',
  HIGHER_COMMITTEE: 'Cấp ủy viên cấp trên dự sinh hoạt',
};
export const attendanceLabels: Record<MeetingAttendance, string> = {
  PRESENT: 'Có mặt',
  ABSENT_WITH_REASON: 'Vắng mặt có lý do',
  ABSENT_WITHOUT_REASON: 'Vắng mặt không có lý do',
  EXEMPT: 'Miễn sinh hoạt',
};
export const meetingQualityLabels: Record<MeetingQuality, string> = {
  GOOD: 'Tốt',
  FAIR: 'Khá',
  AVERAGE: 'Trung bình',
  POOR: 'Kém',
};
export const meetingEventLabels: Record<MeetingEventType, string> = {
  PLANNED: 'Lên kế hoạch',
  RESCHEDULED: 'Đổi lịch',
  DOCUMENTS_ATTACHED: 'Gửi tài liệu',
  HELD: 'Tổ chức',
  CORRECTED: 'Đính chính',
  ASSESSED: 'Xếp loại chất lượng',
  CANCELLED: 'Hủy',
};
