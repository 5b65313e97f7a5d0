import type { Sector } from '../generated/prisma/client.js';

export type GrassrootsUnit = {
  name: string;
  short?: string;
  sector: Sector;
  /** Đảng bộ cơ sở (≥ 30 members, with branches) rather than chi bộ cơ sở. */
  committee?: boolean;
  branchSet?: keyof typeof BRANCH_UNITS;
  address?: string;
};

/** Branch names by the kind of unit they sit in. */
export const BRANCH_UNITS = {
  office: ['Văn phòng', 'Phòng Tổ chức - Hành chính', 'Phòng Kế hoạch - Tài chính', 'Phòng Nghiệp vụ', 'Phòng Thanh tra'],
  hospital: ['Khối Nội', 'Khối Ngoại', 'Khối Cận lâm sàng', 'Khối Hành chính', 'Khoa Hồi sức cấp cứu'],
  school: ['Khoa Khoa học cơ bản', 'Khoa Kỹ thuật', 'Phòng Đào tạo', 'Khối Hành chính', 'Tổ Giáo viên'],
  enterprise: ['Phân xưởng Sản xuất', 'Phòng Kỹ thuật', 'Phòng Kinh doanh', 'Khối Văn phòng', 'Xí nghiệp Dịch vụ'],
  bank: ['Phòng Khách hàng doanh nghiệp', 'Phòng Khách hàng cá nhân', 'Phòng Kế toán - Ngân quỹ', 'Phòng giao dịch Bến Thủy', 'Khối Hỗ trợ'],
} as const;

/** About a hundred grassroots organisations of a province, by sector. */
export const GRASSROOTS_UNITS: GrassrootsUnit[] = [
  // Party agencies and mass organisations
  { name: 'Văn phòng Tỉnh ủy', short: 'VPTU', sector: 'PARTY_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Ban Tổ chức Tỉnh ủy', short: 'BTCTU', sector: 'PARTY_AGENCY' },
  { name: 'Ban Tuyên giáo và Dân vận Tỉnh ủy', short: 'BTGDVTU', sector: 'PARTY_AGENCY' },
  { name: 'Ủy ban Kiểm tra Tỉnh ủy', short: 'UBKTTU', sector: 'PARTY_AGENCY' },
  { name: 'Ban Nội chính Tỉnh ủy', short: 'BNCTU', sector: 'PARTY_AGENCY' },
  { name: 'Báo Nghệ An', short: 'BNA', sector: 'PARTY_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Trường Chính trị tỉnh', short: 'TCT', sector: 'PARTY_AGENCY', committee: true, branchSet: 'school' },
  { name: 'Cơ quan Ủy ban Mặt trận Tổ quốc tỉnh', short: 'MTTQ', sector: 'MASS_ORGANIZATION' },
  { name: 'Cơ quan Tỉnh đoàn', short: 'TĐ', sector: 'MASS_ORGANIZATION' },
  { name: 'Cơ quan Hội Liên hiệp Phụ nữ tỉnh', short: 'HLHPN', sector: 'MASS_ORGANIZATION' },
  { name: 'Cơ quan Hội Nông dân tỉnh', short: 'HND', sector: 'MASS_ORGANIZATION' },
  { name: 'Cơ quan Hội Cựu chiến binh tỉnh', short: 'HCCB', sector: 'MASS_ORGANIZATION' },
  { name: 'Cơ quan Liên đoàn Lao động tỉnh', short: 'LĐLĐ', sector: 'MASS_ORGANIZATION' },
  { name: 'Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh', short: 'LHHKHKT', sector: 'MASS_ORGANIZATION' },
  { name: 'Hội Chữ thập đỏ tỉnh', short: 'HCTĐ', sector: 'MASS_ORGANIZATION' },
  { name: 'Liên minh Hợp tác xã tỉnh', short: 'LMHTX', sector: 'MASS_ORGANIZATION' },
  // State agencies
  { name: 'Văn phòng Đoàn ĐBQH và HĐND tỉnh', short: 'VPĐĐBQH', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Văn phòng UBND tỉnh', short: 'VPUB', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Sở Tài chính', short: 'STC', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Sở Nội vụ', short: 'SNV', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Sở Tư pháp', short: 'STP', sector: 'STATE_AGENCY' },
  { name: 'Sở Công Thương', short: 'SCT', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Sở Xây dựng', short: 'SXD', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Sở Nông nghiệp và Môi trường', short: 'SNNMT', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Sở Giáo dục và Đào tạo', short: 'SGDĐT', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Sở Y tế', short: 'SYT', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Sở Khoa học và Công nghệ', short: 'SKHCN', sector: 'STATE_AGENCY' },
  { name: 'Sở Văn hóa, Thể thao và Du lịch', short: 'SVHTTDL', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Sở Dân tộc và Tôn giáo', short: 'SDTTG', sector: 'STATE_AGENCY' },
  { name: 'Sở Ngoại vụ', short: 'SNgV', sector: 'STATE_AGENCY' },
  { name: 'Thanh tra tỉnh', short: 'TTT', sector: 'STATE_AGENCY' },
  { name: 'Ban Quản lý Khu kinh tế Đông Nam', short: 'BQLKKT', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Kho bạc Nhà nước khu vực', short: 'KBNN', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Thuế tỉnh', short: 'THUE', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Bảo hiểm xã hội tỉnh', short: 'BHXH', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Thống kê tỉnh', short: 'TK', sector: 'STATE_AGENCY' },
  { name: 'Ngân hàng Nhà nước chi nhánh khu vực', short: 'NHNN', sector: 'STATE_AGENCY' },
  { name: 'Hải quan khu vực', short: 'HQ', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Viện Kiểm sát nhân dân tỉnh', short: 'VKS', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Tòa án nhân dân tỉnh', short: 'TAND', sector: 'STATE_AGENCY', committee: true, branchSet: 'office' },
  { name: 'Thi hành án dân sự tỉnh', short: 'THADS', sector: 'STATE_AGENCY' },
  { name: 'Chi cục Kiểm lâm', short: 'CCKL', sector: 'STATE_AGENCY' },
  { name: 'Chi cục Thủy sản', short: 'CCTS', sector: 'STATE_AGENCY' },
  { name: 'Chi cục Quản lý thị trường', short: 'QLTT', sector: 'STATE_AGENCY' },
  // Public service units
  { name: 'Bệnh viện Hữu nghị Đa khoa Nghệ An', short: 'BVĐK', sector: 'PUBLIC_SERVICE_UNIT', committee: true, branchSet: 'hospital' },
  { name: 'Bệnh viện Sản Nhi Nghệ An', short: 'BVSN', sector: 'PUBLIC_SERVICE_UNIT', committee: true, branchSet: 'hospital' },
  { name: 'Bệnh viện Ung bướu Nghệ An', short: 'BVUB', sector: 'PUBLIC_SERVICE_UNIT', committee: true, branchSet: 'hospital' },
  { name: 'Bệnh viện Y học cổ truyền', short: 'BVYHCT', sector: 'PUBLIC_SERVICE_UNIT' },
  { name: 'Bệnh viện Tâm thần', short: 'BVTT', sector: 'PUBLIC_SERVICE_UNIT' },
  { name: 'Bệnh viện Phục hồi chức năng', short: 'BVPHCN', sector: 'PUBLIC_SERVICE_UNIT' },
  { name: 'Trung tâm Kiểm soát bệnh tật', short: 'CDC', sector: 'PUBLIC_SERVICE_UNIT', committee: true, branchSet: 'hospital' },
  { name: 'Trường Đại học Y khoa Vinh', short: 'ĐHYKV', sector: 'PUBLIC_SERVICE_UNIT', committee: true, branchSet: 'school' },
  { name: 'Trường Cao đẳng Kỹ thuật Công nghiệp Việt Nam - Hàn Quốc', short: 'CĐVH', sector: 'PUBLIC_SERVICE_UNIT', committee: true, branchSet: 'school' },
  { name: 'Trường Cao đẳng Văn hóa Nghệ thuật', short: 'CĐVHNT', sector: 'PUBLIC_SERVICE_UNIT' },
  { name: 'Trường THPT chuyên Phan Bội Châu', short: 'PBC', sector: 'PUBLIC_SERVICE_UNIT' },
  { name: 'Trường THPT Huỳnh Thúc Kháng', short: 'HTK', sector: 'PUBLIC_SERVICE_UNIT' },
  { name: 'Trường THPT Hà Huy Tập', short: 'HHT', sector: 'PUBLIC_SERVICE_UNIT' },
  { name: 'Đài Phát thanh và Truyền hình tỉnh', short: 'ĐPTTH', sector: 'PUBLIC_SERVICE_UNIT', committee: true, branchSet: 'office' },
  { name: 'Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp', short: 'BQLDA', sector: 'PUBLIC_SERVICE_UNIT' },
  { name: 'Quỹ Đầu tư phát triển tỉnh', short: 'QĐTPT', sector: 'PUBLIC_SERVICE_UNIT' },
  { name: 'Trung tâm Xúc tiến đầu tư, thương mại và du lịch', short: 'TTXT', sector: 'PUBLIC_SERVICE_UNIT' },
  { name: 'Trung tâm Phục vụ hành chính công tỉnh', short: 'TTHCC', sector: 'PUBLIC_SERVICE_UNIT' },
  { name: 'Thư viện tỉnh', short: 'TV', sector: 'PUBLIC_SERVICE_UNIT' },
  { name: 'Bảo tàng Xô viết Nghệ Tĩnh', short: 'BTXVNT', sector: 'PUBLIC_SERVICE_UNIT' },
  { name: 'Khu di tích Kim Liên', short: 'KDTKL', sector: 'PUBLIC_SERVICE_UNIT', committee: true, branchSet: 'office' },
  { name: 'Trung tâm Nước sạch và Vệ sinh môi trường nông thôn', short: 'TTNS', sector: 'PUBLIC_SERVICE_UNIT' },
  // State enterprises
  { name: 'Công ty Điện lực Nghệ An', short: 'PCNA', sector: 'STATE_ENTERPRISE', committee: true, branchSet: 'enterprise' },
  { name: 'Viễn thông Nghệ An', short: 'VNPT', sector: 'STATE_ENTERPRISE', committee: true, branchSet: 'enterprise' },
  { name: 'Bưu điện tỉnh', short: 'BĐ', sector: 'STATE_ENTERPRISE', committee: true, branchSet: 'enterprise' },
  { name: 'Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh Nghệ An', short: 'AGR', sector: 'STATE_ENTERPRISE', committee: true, branchSet: 'bank' },
  { name: 'Ngân hàng TMCP Ngoại thương chi nhánh Vinh', short: 'VCB', sector: 'STATE_ENTERPRISE', committee: true, branchSet: 'bank' },
  { name: 'Ngân hàng TMCP Đầu tư và Phát triển chi nhánh Nghệ An', short: 'BIDV', sector: 'STATE_ENTERPRISE', committee: true, branchSet: 'bank' },
  { name: 'Ngân hàng TMCP Công Thương chi nhánh Nghệ An', short: 'VTB', sector: 'STATE_ENTERPRISE', committee: true, branchSet: 'bank' },
  { name: 'Ngân hàng Chính sách xã hội chi nhánh tỉnh', short: 'NHCS', sector: 'STATE_ENTERPRISE', committee: true, branchSet: 'bank' },
  { name: 'Công ty TNHH MTV Thủy lợi Bắc Nghệ An', short: 'TLBNA', sector: 'STATE_ENTERPRISE', committee: true, branchSet: 'enterprise' },
  { name: 'Công ty TNHH MTV Thủy lợi Nam Nghệ An', short: 'TLNNA', sector: 'STATE_ENTERPRISE' },
  { name: 'Công ty TNHH MTV Xổ số kiến thiết', short: 'XSKT', sector: 'STATE_ENTERPRISE' },
  { name: 'Công ty TNHH MTV Lâm nghiệp Con Cuông', short: 'LNCC', sector: 'STATE_ENTERPRISE' },
  { name: 'Công ty TNHH MTV Lâm nghiệp Đô Lương', short: 'LNĐL', sector: 'STATE_ENTERPRISE' },
  { name: 'Công ty TNHH MTV Cảng Nghệ Tĩnh', short: 'CNT', sector: 'STATE_ENTERPRISE' },
  { name: 'Chi nhánh Xăng dầu Nghệ An', short: 'PETRO', sector: 'STATE_ENTERPRISE', committee: true, branchSet: 'enterprise' },
  // Private enterprises
  { name: 'Công ty Cổ phần Cấp nước Nghệ An', short: 'CNNA', sector: 'PRIVATE_ENTERPRISE', committee: true, branchSet: 'enterprise' },
  { name: 'Công ty Cổ phần Môi trường và Công trình đô thị Vinh', short: 'MTĐT', sector: 'PRIVATE_ENTERPRISE' },
  { name: 'Công ty Cổ phần Xi măng Sông Lam', short: 'XMSL', sector: 'PRIVATE_ENTERPRISE' },
  { name: 'Công ty Cổ phần Mía đường Sông Lam', short: 'MĐSL', sector: 'PRIVATE_ENTERPRISE' },
  { name: 'Công ty Cổ phần Bia Sài Gòn - Nghệ Tĩnh', short: 'BSG', sector: 'PRIVATE_ENTERPRISE' },
  { name: 'Công ty Cổ phần Dược phẩm Nghệ An', short: 'DPNA', sector: 'PRIVATE_ENTERPRISE' },
  { name: 'Công ty Cổ phần Vận tải ô tô Nghệ An', short: 'VTNA', sector: 'PRIVATE_ENTERPRISE' },
  { name: 'Công ty Cổ phần Xây dựng số 1 Nghệ An', short: 'XD1', sector: 'PRIVATE_ENTERPRISE' },
  { name: 'Công ty Cổ phần Sữa TH', short: 'TH', sector: 'PRIVATE_ENTERPRISE', committee: true, branchSet: 'enterprise' },
  { name: 'Công ty Cổ phần Thủy sản Cửa Hội', short: 'TSCH', sector: 'PRIVATE_ENTERPRISE' },
  { name: 'Công ty Cổ phần Sách và Thiết bị trường học', short: 'STBTH', sector: 'PRIVATE_ENTERPRISE' },
  { name: 'Công ty Cổ phần Du lịch Kim Liên', short: 'DLKL', sector: 'PRIVATE_ENTERPRISE' },
  { name: 'Hợp tác xã Dịch vụ nông nghiệp Quỳnh Lương', short: 'HTXQL', sector: 'PRIVATE_ENTERPRISE' },
  // Foreign-invested enterprises
  { name: 'Công ty TNHH Điện tử Hoàng Mai (vốn nước ngoài)', short: 'ĐTHM', sector: 'FOREIGN_INVESTED_ENTERPRISE', committee: true, branchSet: 'enterprise' },
  { name: 'Công ty TNHH May mặc VSIP Nghệ An', short: 'MMVSIP', sector: 'FOREIGN_INVESTED_ENTERPRISE' },
  { name: 'Công ty TNHH Linh kiện Bắc Vinh', short: 'LKBV', sector: 'FOREIGN_INVESTED_ENTERPRISE' },
];
