import type { Gender, MemberEventType, MemberStatus, SuspensionGround } from '../../generated/prisma/client.js';

export const genderLabels: Record<Gender, string> = { MALE: 'Nam', FEMALE: 'Nữ' };

export const memberStatusLabels: Record<MemberStatus, string> = {
  PROBATIONARY: 'Đảng viên dự bị',
  OFFICIAL: 'Đảng viên chính thức',
  SUSPENDED: 'Bị đình chỉ sinh hoạt đảng',
  REMOVED_FROM_ROLL: 'Đã bị xóa tên',
  EXPELLED: 'Đã bị khai trừ',
  DECEASED: 'Đã từ trần',
  TRANSFERRED_OUT: 'Đã chuyển sinh hoạt đảng ra ngoài đảng bộ',
};

export const suspensionGroundLabels: Record<SuspensionGround, string> = {
  DISCIPLINE_REVIEW: 'Đình chỉ để xem xét kỷ luật',
  PROSECUTION: 'Bị truy tố',
  DETENTION: 'Bị tạm giam',
};

export const memberEventLabels: Record<MemberEventType, string> = {
  ADMITTED: 'Kết nạp vào Đảng',
  RECOGNIZED_OFFICIAL: 'Công nhận đảng viên chính thức',
  PROBATION_REMOVED: 'Xóa tên trong danh sách đảng viên dự bị',
  TRANSFERRED: 'Chuyển sinh hoạt đảng chính thức',
  TEMPORARY_TRANSFER: 'Chuyển sinh hoạt đảng tạm thời',
  TEMPORARY_RETURN: 'Trở lại sau sinh hoạt đảng tạm thời',
  EXEMPTED: 'Miễn công tác và sinh hoạt đảng',
  EXEMPTION_ENDED: 'Thôi miễn sinh hoạt đảng',
  SUSPENDED: 'Đình chỉ sinh hoạt đảng',
  SUSPENSION_EXTENDED: 'Gia hạn đình chỉ sinh hoạt đảng',
  REINSTATED: 'Cho trở lại sinh hoạt đảng',
  REMOVED_FROM_ROLL: 'Xóa tên khỏi danh sách đảng viên',
  EXPELLED: 'Khai trừ ra khỏi Đảng',
  DECEASED: 'Từ trần',
  RESTORED: 'Khôi phục đảng tịch',
  READMITTED: 'Kết nạp lại vào Đảng',
  TRANSFERRED_OUT: 'Chuyển sinh hoạt đảng chính thức ra ngoài đảng bộ',
  TRANSFERRED_IN: 'Tiếp nhận sinh hoạt đảng chính thức từ nơi khác đến',
};

/** The lifecycle mutations and REST actions, one per event (admission has its own). */
export const MEMBER_EVENT_ACTIONS = [
  { type: 'RECOGNIZED_OFFICIAL', mutation: 'recognizeMemberOfficial', path: 'recognize-official', extra: 'none' },
  { type: 'PROBATION_REMOVED', mutation: 'removeProbationaryMember', path: 'remove-probationary', extra: 'none' },
  { type: 'TRANSFERRED', mutation: 'transferMember', path: 'transfer', extra: 'transfer' },
  { type: 'TRANSFERRED_OUT', mutation: 'transferMemberOutside', path: 'transfer-outside', extra: 'transferOutside' },
  { type: 'TEMPORARY_TRANSFER', mutation: 'transferMemberTemporarily', path: 'temporary-transfer', extra: 'temporary' },
  { type: 'TEMPORARY_RETURN', mutation: 'returnMemberFromTemporaryTransfer', path: 'temporary-return', extra: 'none' },
  { type: 'EXEMPTED', mutation: 'exemptMember', path: 'exempt', extra: 'none' },
  { type: 'EXEMPTION_ENDED', mutation: 'endMemberExemption', path: 'end-exemption', extra: 'none' },
  { type: 'SUSPENDED', mutation: 'suspendMember', path: 'suspend', extra: 'suspend' },
  { type: 'SUSPENSION_EXTENDED', mutation: 'extendMemberSuspension', path: 'extend-suspension', extra: 'extendSuspension' },
  { type: 'REINSTATED', mutation: 'reinstateMember', path: 'reinstate', extra: 'none' },
  { type: 'REMOVED_FROM_ROLL', mutation: 'removeMemberFromRoll', path: 'remove-from-roll', extra: 'none' },
  { type: 'DECEASED', mutation: 'recordMemberDeath', path: 'death', extra: 'none' },
  { type: 'RESTORED', mutation: 'restoreMember', path: 'restore', extra: 'none' },
  { type: 'READMITTED', mutation: 'readmitMember', path: 'readmit', extra: 'readmit' },
] as const satisfies readonly {
  type: Exclude<MemberEventType, 'ADMITTED' | 'TRANSFERRED_IN'>;
  mutation: string;
  path: string;
  extra: 'none' | 'transfer' | 'transferOutside' | 'temporary' | 'suspend' | 'extendSuspension' | 'readmit';
}[];
