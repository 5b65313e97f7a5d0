import type { AttendanceResult, CandidateStatus, TrainingClassType } from '../../generated/prisma/client.js';

export const candidateStatusLabels: Record<CandidateStatus, string> = {
  PROPOSED: 'Đang được xem xét, bồi dưỡng',
  ADMITTED: 'Đã được kết nạp',
  WITHDRAWN: 'Không tiếp tục xem xét',
};

export const classTypeLabels: Record<TrainingClassType, string> = {
  PARTY_AWARENESS: 'Lớp bồi dưỡng nhận thức về Đảng',
  NEW_MEMBER: 'Lớp bồi dưỡng lý luận chính trị cho đảng viên mới',
  ELEMENTARY_POLITICAL_THEORY: 'Sơ cấp lý luận chính trị',
  INTERMEDIATE_POLITICAL_THEORY: 'Trung cấp lý luận chính trị',
  ADVANCED_POLITICAL_THEORY: 'Cao cấp lý luận chính trị',
};

export const attendanceResultLabels: Record<AttendanceResult, string> = {
  ENROLLED: 'Đang học',
  COMPLETED: 'Hoàn thành, được cấp giấy chứng nhận',
  NOT_COMPLETED: 'Không hoàn thành',
};
