import type { AwardForm, CommendationForm, CommendationSubject, CommendationTitle, PartyBadgeBasis } from '../../generated/prisma/client.js';

export const commendationFormLabels: Record<CommendationForm, string> = {
  PRAISE: 'Biểu dương',
  CERTIFICATE_OF_MERIT: 'Giấy khen',
  DIPLOMA_OF_MERIT: 'Bằng khen',
  EMULATION_FLAG: 'Cờ',
};
export const awardFormLabels: Record<AwardForm, string> = { ...commendationFormLabels, PARTY_BADGE: 'Huy hiệu Đảng' };
export const commendationSubjectLabels: Record<CommendationSubject, string> = { ORGANIZATION: 'Tập thể (tổ chức đảng)', MEMBER: 'Cá nhân (đảng viên)' };
export const commendationTitleLabels: Record<CommendationTitle, string> = {
  EXEMPLARY_CLEAN_STRONG: 'Tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu (1 năm)',
  EXEMPLARY_CLEAN_STRONG_FIVE_YEARS: 'Tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu 5 năm liền',
  EXCELLENT_FIVE_YEARS_RUNNING: 'Đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền',
};
export const partyBadgeBasisLabels: Record<PartyBadgeBasis, string> = {
  REGULAR: 'Đủ tuổi đảng',
  EARLY_SERIOUS_ILLNESS: 'Tặng sớm (bệnh hiểm nghèo)',
  POSTHUMOUS: 'Truy tặng',
};
export type BadgeCandidateStatus = 'ELIGIBLE' | 'DEFERRED_AFTER_DISCIPLINE' | 'SUSPENDED';
export const badgeCandidateStatusLabels: Record<BadgeCandidateStatus, string> = {
  ELIGIBLE: 'Đủ điều kiện xét tặng',
  DEFERRED_AFTER_DISCIPLINE: 'Chưa xét: đang trong thời gian chờ sau kỷ luật',
  SUSPENDED: 'Chưa xét: đang bị đình chỉ sinh hoạt',
};
