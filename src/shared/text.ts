/**
 * Lower case without Vietnamese diacritics ("Đảng ủy Khối" → "dang uy khoi"): what search
 * compares, so "Nguyen Van An" finds "Nguyễn Văn An". Stored beside the names it is made of
 * and indexed with trigrams.
 */
export function searchKey(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((part): part is string => !!part)
    .join(' ')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes LIKE wildcards in user input. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
