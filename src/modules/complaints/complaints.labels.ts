import type { ComplaintKind, ComplaintOutcome, ComplaintRejection, ComplaintStatus, ResolutionLevel } from '../../generated/prisma/client.js';

export const complaintKindLabels: Record<ComplaintKind, string> = {
  APPEAL: 'Khiếu nại kỷ luật đảng',
  DENUNCIATION: 'Tố cáo',
};
export const complaintStatusLabels: Record<ComplaintStatus, string> = {
  PROCESSING: 'Đang giải quyết',
  NOT_PROCESSED: 'Không thụ lý (lưu đơn)',
  RESOLVED: 'Đã giải quyết',
  WITHDRAWN: 'Người gửi đã rút đơn',
};
export const complaintRejectionLabels: Record<ComplaintRejection, string> = {
  ANONYMOUS: 'Đơn nặc danh, mạo danh',
  NO_ADDRESS: 'Không rõ địa chỉ người gửi',
  UNSIGNED: 'Không có chữ ký trực tiếp',
  SIGNED_BY_SEVERAL: 'Có từ hai người trở lên cùng ký tên',
  REPEATED_WITHOUT_NEW_EVIDENCE: 'Đã được giải quyết, gửi lại không có tình tiết mới',
  FILED_LATE: 'Khiếu nại quá thời hạn',
  NOT_COMPETENT: 'Không thuộc thẩm quyền giải quyết',
  PENDING_AT_HIGHER_LEVEL: 'Đang được cấp trên có thẩm quyền giải quyết',
  CONTENT_NOT_SPECIFIC: 'Nội dung không cụ thể, không có căn cứ để thẩm tra, xác minh',
  NO_DENUNCIATION_CONTENT: 'Không chứa đựng nội dung tố cáo đối với đảng viên, tổ chức đảng',
  NO_LEGAL_CAPACITY: 'Của người không có năng lực hành vi dân sự',
  BEFORE_CONGRESS: 'Về nhân sự đại hội, gửi đến trong thời gian trước đại hội không xem xét',
};
export const resolutionLevelLabels: Record<ResolutionLevel, string> = {
  PROVINCIAL_AND_BELOW: 'Cấp tỉnh và cấp dưới',
  CENTRAL: 'Cấp Trung ương',
};
export const complaintOutcomeLabels: Record<ComplaintOutcome, string> = {
  UPHELD: 'Giữ nguyên quyết định kỷ luật',
  CHANGED: 'Thay đổi hình thức kỷ luật',
  ANNULLED: 'Xóa quyết định kỷ luật',
  WELL_FOUNDED: 'Tố cáo đúng',
  PARTLY_FOUNDED: 'Tố cáo đúng một phần',
  UNFOUNDED: 'Tố cáo sai',
};
