/**
 * Lower case without Vietnamese diacritics or punctuation ("Đảng ủy Khối" → "dang uy khoi"):
 * what search compares, so "Nguyen Van An" finds "Nguyễn Văn An" and "danh gia xep loai"
 * finds "đánh giá, xếp loại". Stored beside the names it is made of and indexed with trigrams.
 */
export function searchKey(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((part): part is string => !!part)
    .join(' ')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
