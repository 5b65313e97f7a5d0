import type { DocumentType } from '../../generated/prisma/client.js';

export const documentTypeLabels: Record<DocumentType, string> = {
  RESOLUTION: 'Nghị quyết (NQ)',
  DIRECTIVE: 'Chỉ thị (CT)',
  CONCLUSION: 'Kết luận (KL)',
  PLAN: 'Kế hoạch (KH)',
  DECISION: 'Quyết định (QĐ)',
  GUIDANCE: 'Hướng dẫn (HD)',
  REGULATION: 'Quy định (QĐ)',
  REPORT: 'Báo cáo (BC)',
  NOTICE: 'Thông báo (TB)',
};
