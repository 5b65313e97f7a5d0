import type { IndicatorDirection, IndicatorRollup, IndicatorSource, IndicatorValueKind, PeriodType } from '../../generated/prisma/client.js';

export const valueKindLabels: Record<IndicatorValueKind, string> = {
  COUNT: 'Số lượng',
  PERCENTAGE: 'Tỷ lệ phần trăm',
  RATIO: 'Tỷ lệ giữa hai số (87/121)',
  MONEY_VND: 'Giá trị bằng đồng',
  MONEY_USD: 'Giá trị bằng đô la Mỹ',
};
export const directionLabels: Record<IndicatorDirection, string> = { AT_LEAST: 'Đạt trở lên', AT_MOST: 'Không vượt quá', EXACTLY: 'Đúng bằng' };
export const rollupLabels: Record<IndicatorRollup, string> = {
  SUM: 'Cộng các đơn vị trực thuộc',
  RATIO_OF_SUMS: 'Tỷ lệ của các tổng thành phần',
  NONE: 'Không tổng hợp',
};
export const sourceLabels: Record<IndicatorSource, string> = { MANUAL: 'Nhập từ báo cáo', COMPUTED: 'Tính từ dữ liệu' };
export const periodTypeLabels: Record<PeriodType, string> = { TERM: 'Nhiệm kỳ', YEAR: 'Năm', QUARTER: 'Quý', AD_HOC: 'Đột xuất' };
