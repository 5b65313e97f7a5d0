import type { Rule } from './rule.js';

/** Thời kỳ dự bị: 12 months from the admission decision. */
export const PROBATION_MONTHS: Rule<number> = {
  name: 'probation length (months)',
  versions: [{ value: 12, effectiveFrom: '1930-01-01', source: 'Điều lệ Đảng (2011), Điều 5' }],
};

/**
 * Đình chỉ sinh hoạt đảng: a member's suspension lasts 90 days and may be extended, to at most
 * 180 days in all.
 */
export const MEMBER_SUSPENSION_DAYS: Rule<{ initial: number; maxTotal: number }> = {
  name: 'suspension of a member (days)',
  versions: [
    { value: { initial: 90, maxTotal: 180 }, effectiveFrom: '2022-06-28', source: 'Quy định 69-QĐ/TW (2022); Quy định 296-QĐ/TW (2025)' },
    { value: { initial: 90, maxTotal: 180 }, effectiveFrom: '1930-01-01', source: 'earlier regulations (unconfirmed)', confirmed: false },
  ],
};

/** Người vào Đảng phải từ đủ 18 tuổi. */
export const MINIMUM_ADMISSION_AGE: Rule<number> = {
  name: 'minimum age at admission (years)',
  versions: [{ value: 18, effectiveFrom: '1930-01-01', source: 'Điều lệ Đảng (2011), Điều 1' }],
};

/** Sinh hoạt đảng tạm thời: from 3 months to 1 year; for study up to 2 years. */
export const TEMPORARY_TRANSFER_MONTHS: Rule<{ min: number; max: number; maxForStudy: number }> = {
  name: 'temporary transfer length (months)',
  versions: [
    {
      value: { min: 3, max: 12, maxForStudy: 24 },
      effectiveFrom: '1930-01-01',
      source: 'Hướng dẫn thi hành Điều lệ Đảng trước 2021 (Quy định 29-QĐ/TW 2016 và các văn bản trước)',
      confirmed: false,
    },
    {
      value: { min: 3, max: 12, maxForStudy: 24 },
      effectiveFrom: '2021-07-30',
      source: 'Quy định 24-QĐ/TW (2021) thi hành Điều lệ Đảng; Hướng dẫn 12-HD/BTCTW (2022) về chuyển sinh hoạt đảng',
      confirmed: false,
    },
  ],
};
