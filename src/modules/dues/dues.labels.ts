import type { DuesAdjustmentKind, DuesChannel, DuesGroup } from '../../generated/prisma/client.js';
import type { DuesDerivation } from './dues.service.js';

export const duesGroupLabels: Record<DuesGroup, string> = {
  SOCIAL_INSURANCE_SALARY: 'Đảng viên tham gia BHXH bắt buộc (theo tiền lương đóng BHXH)',
  SICKNESS_MATERNITY_ALLOWANCE: 'Đảng viên hưởng trợ cấp ốm đau, thai sản',
  PENSION: 'Đảng viên hưởng lương hưu',
  SOCIAL_PENSION: 'Đảng viên hưởng trợ cấp hưu trí xã hội',
  STUDENT: 'Đảng viên là học sinh, sinh viên',
  OTHER_DOMESTIC: 'Đảng viên khác ở trong nước',
  MISSION_ABROAD: 'Đảng viên công tác tại cơ quan đại diện ở nước ngoài',
  OTHER_ABROAD: 'Đảng viên khác ở nước ngoài',
};
export const duesAdjustmentLabels: Record<DuesAdjustmentKind, string> = {
  EXEMPTION: 'Miễn đóng đảng phí',
  REDUCTION: 'Giảm mức đóng đảng phí',
  DEFERRAL: 'Chậm đóng đảng phí',
  ADVANCE: 'Đóng trước đảng phí',
};
export const duesChannelLabels: Record<DuesChannel, string> = {
  CASH: 'Tiền mặt, nộp trực tiếp cho chi bộ',
  NATIONAL_PORTAL: 'Cổng Dịch vụ công quốc gia',
};
export const duesDerivationLabels: Record<DuesDerivation, string> = {
  NO_BASIS: 'Chưa có căn cứ tính đảng phí',
  AMOUNT_NOT_SET: 'Chi bộ chưa định mức đóng',
  RATE: 'Theo mức đóng của nhóm',
  GROUP_EXEMPT: 'Nhóm được miễn',
  PARTY_AGE_EXEMPT: 'Miễn do đủ tuổi đảng',
  EXEMPTION: 'Miễn theo quyết định',
  REDUCTION: 'Giảm theo quyết định',
};
