import type { Rule } from './rule.js';

/** Chi ủy: at most 7 members (Quy định 294-QĐ/TW, 2025). */
export const BRANCH_COMMITTEE_MAX: Rule<number> = {
  name: 'branch committee size (at most)',
  versions: [
    { value: 9, effectiveFrom: '1930-01-01', source: 'Hướng dẫn thi hành Điều lệ Đảng trước 2025', confirmed: false },
    { value: 7, effectiveFrom: '2025-05-26', source: 'Quy định 294-QĐ/TW (2025)' },
  ],
};
