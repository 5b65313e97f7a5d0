import type { MassOrganizationType } from '../../generated/prisma/client.js';

export const massOrganizationTypeLabels: Record<MassOrganizationType, string> = {
  TRADE_UNION: 'Công đoàn',
  YOUTH_UNION: 'Đoàn Thanh niên Cộng sản Hồ Chí Minh',
  VETERANS_ASSOCIATION: 'Hội Cựu chiến binh',
  WOMENS_UNION: 'Hội Liên hiệp Phụ nữ',
};
