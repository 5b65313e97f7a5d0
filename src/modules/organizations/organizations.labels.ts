import type { EventRole, OrganizationEventType, OrganizationStatus, Sector } from '../../generated/prisma/client.js';

/** Vietnamese labels of the enums, shown in GraphQL descriptions and the OpenAPI document. */
export const sectorLabels: Record<Sector, string> = {
  PARTY_AGENCY: 'Cơ quan Đảng',
  STATE_AGENCY: 'Cơ quan nhà nước',
  PUBLIC_SERVICE_UNIT: 'Đơn vị sự nghiệp công lập',
  STATE_ENTERPRISE: 'Doanh nghiệp nhà nước',
  PRIVATE_ENTERPRISE: 'Doanh nghiệp ngoài khu vực nhà nước',
  FOREIGN_INVESTED_ENTERPRISE: 'Doanh nghiệp có vốn đầu tư nước ngoài',
  MASS_ORGANIZATION: 'Mặt trận Tổ quốc, đoàn thể chính trị - xã hội',
  COMMUNE_WARD: 'Xã, phường, đặc khu',
  ARMED_FORCES: 'Lực lượng vũ trang',
  OTHER: 'Khác',
};

export const statusLabels: Record<OrganizationStatus, string> = {
  ACTIVE: 'Đang hoạt động',
  DISSOLVED: 'Đã giải thể',
  MERGED: 'Đã hợp nhất, sáp nhập vào tổ chức khác',
};

export const eventTypeLabels: Record<OrganizationEventType, string> = {
  ESTABLISHED: 'Thành lập',
  RENAMED: 'Đổi tên',
  MOVED: 'Điều chuyển trực thuộc',
  MERGED: 'Hợp nhất, sáp nhập',
  SPLIT: 'Chia tách',
  DISSOLVED: 'Giải thể',
};

export const eventRoleLabels: Record<EventRole, string> = {
  SUBJECT: 'Tổ chức được tác động',
  SOURCE: 'Tổ chức bị hợp nhất, chia tách',
  TARGET: 'Tổ chức tiếp nhận',
  RESULT: 'Tổ chức mới hình thành',
  PARENT_BEFORE: 'Cấp trên trước sự kiện',
  PARENT_AFTER: 'Cấp trên sau sự kiện',
};
