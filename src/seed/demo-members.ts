import type { Gender, MemberEventType } from '../generated/prisma/client.js';
import type { ImportRecord } from '../modules/members/members.service.js';
import { addDays, addMonths, daysBetween, type IsoDate } from '../shared/dates.js';

/**
 * Realistic member histories for the demo and the benchmark: Vietnamese names, ages,
 * admissions spread over three decades, and the events of a working life (recognition,
 * transfers, temporary transfers, suspensions, exemptions, deaths, a few removals and
 * expulsions). Deterministic for a given random generator.
 */

export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILY = [
  ['Nguyễn', 30], ['Trần', 9], ['Lê', 9], ['Phan', 6], ['Hồ', 5], ['Đặng', 4], ['Võ', 4], ['Hoàng', 4], ['Phạm', 4], ['Đinh', 3],
  ['Bùi', 3], ['Đậu', 2], ['Thái', 2], ['Cao', 2], ['Lương', 2], ['Chu', 1], ['Tăng', 1], ['Hà', 1], ['Vi', 1], ['Lô', 1],
] as const;
const MIDDLE: Record<Gender, string[]> = {
  MALE: ['Văn', 'Văn', 'Văn', 'Đình', 'Đức', 'Hữu', 'Xuân', 'Minh', 'Quang', 'Công', 'Trọng', 'Thanh', 'Ngọc', 'Bá', 'Viết', 'Cảnh'],
  FEMALE: ['Thị', 'Thị', 'Thị', 'Thị', 'Thu', 'Thanh', 'Ngọc', 'Hồng', 'Kim', 'Phương', 'Minh', 'Diệu', 'Hoài'],
};
const GIVEN: Record<Gender, string[]> = {
  MALE: ['An', 'Bình', 'Cường', 'Dũng', 'Đức', 'Hải', 'Hùng', 'Huy', 'Khánh', 'Lâm', 'Long', 'Mạnh', 'Minh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quang', 'Quân', 'Sơn', 'Tài', 'Thắng', 'Thành', 'Tiến', 'Toàn', 'Trung', 'Tuấn', 'Tùng', 'Việt', 'Vinh', 'Hiếu', 'Hoàng', 'Kiên', 'Lợi', 'Thịnh', 'Hưng', 'Đạt', 'Tâm'],
  FEMALE: ['Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hằng', 'Hạnh', 'Hiền', 'Hoa', 'Hương', 'Huyền', 'Lan', 'Linh', 'Loan', 'Mai', 'Nga', 'Ngọc', 'Nhung', 'Oanh', 'Phương', 'Quỳnh', 'Thảo', 'Thu', 'Thủy', 'Trang', 'Tuyết', 'Vân', 'Yến', 'Hồng', 'Liên', 'Hoài', 'Trâm'],
};
const HOMETOWNS = ['Nam Đàn', 'Hưng Nguyên', 'Nghi Lộc', 'Diễn Châu', 'Quỳnh Lưu', 'Yên Thành', 'Đô Lương', 'Thanh Chương', 'Anh Sơn', 'Con Cuông', 'Tân Kỳ', 'Nghĩa Đàn', 'Quỳ Hợp', 'Cửa Lò', 'Vinh', 'Hoàng Mai', 'Thái Hòa', 'Hà Tĩnh', 'Thanh Hóa'];
const ETHNICITY = [['Kinh', 92], ['Thái', 5], ['Khơ Mú', 1.5], ['H’Mông', 1.5]] as const;
const RELIGION = [[null, 95], ['Công giáo', 3], ['Phật giáo', 2]] as const;
const QUALIFICATION = [['Đại học', 58], ['Thạc sĩ', 15], ['Cao đẳng', 10], ['Trung cấp', 12], ['Tiến sĩ', 2], ['Sơ cấp', 3]] as const;
const THEORY = [['Sơ cấp', 50], ['Trung cấp', 30], ['Cao cấp', 12], ['Cử nhân', 3], [null, 5]] as const;
const OCCUPATION = ['Công chức', 'Viên chức', 'Công nhân', 'Nhân viên', 'Bác sĩ', 'Giáo viên', 'Kỹ sư', 'Cán bộ quản lý', 'Kế toán'];

/** A person as the demo makes them up: a name as Vietnamese names go, an ethnicity, an occupation. */
export function generatePerson(random: Random, gender: Gender): { fullName: string; ethnicity: string; occupation: string } {
  return { fullName: `${weighted(random, FAMILY)} ${pick(random, MIDDLE[gender])} ${pick(random, GIVEN[gender])}`, ethnicity: weighted(random, ETHNICITY), occupation: pick(random, OCCUPATION) };
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function weighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items.at(-1)![0];
}

function dateBetween(random: Random, from: IsoDate, to: IsoDate): IsoDate {
  return addDays(from, Math.floor(random() * Math.max(1, daysBetween(from, to))));
}

export type Branch = { id: string; establishedOn: IsoDate };

export type GeneratorOptions = {
  random: Random;
  branches: readonly Branch[];
  /** A decision document for each year, referenced by that year's events. */
  decisionFor: (year: number) => string;
  /** Nothing happens after this day. */
  today: IsoDate;
  /** Card and ID numbers are made unique from here. */
  firstNumber: number;
};

export function generateMember(options: GeneratorOptions, index: number, branch: Branch): ImportRecord {
  const { random, today } = options;
  const gender: Gender = random() < 0.55 ? 'MALE' : 'FEMALE';
  const fullName = `${weighted(random, FAMILY)} ${pick(random, MIDDLE[gender])} ${pick(random, GIVEN[gender])}`;
  // Admissions lean towards recent years, as the organisations have grown.
  const earliest = branch.establishedOn > '1992-01-01' ? branch.establishedOn : '1992-01-01';
  const span = daysBetween(earliest, addMonths(today, -1));
  const admittedOn = addDays(earliest, Math.floor(Math.sqrt(random()) * span));
  const dateOfBirth = addDays(addMonths(admittedOn, -12 * (18 + Math.floor(random() * 27))), -Math.floor(random() * 365));
  const number = options.firstNumber + index;
  const decision = (date: IsoDate) => options.decisionFor(Number(date.slice(0, 4)));
  const events: ImportRecord['events'] = [{ type: 'ADMITTED', occurredOn: admittedOn, decisionId: decision(admittedOn), organizationId: branch.id }];
  const add = (type: MemberEventType, occurredOn: IsoDate, extra: Partial<ImportRecord['events'][number]> = {}) =>
    events.push({ type, occurredOn, decisionId: type === 'DECEASED' || type === 'TEMPORARY_RETURN' ? null : decision(occurredOn), ...extra });

  const probationEnds = addMonths(admittedOn, 12);
  if (random() < 0.02 && addMonths(admittedOn, 10) < today) {
    add('PROBATION_REMOVED', addMonths(admittedOn, 10));
  } else if (probationEnds <= today) {
    // Most recognitions are decided within a month or two of the end of probation.
    const decided = addDays(probationEnds, Math.floor(random() * 60));
    add('RECOGNIZED_OFFICIAL', decided < today ? decided : probationEnds);
    let cursor = addMonths(decided, 6);
    let homeId = branch.id;
    const living = () => cursor < today;
    if (random() < 0.06 && living()) {
      const other = pick(random, options.branches.filter((b) => b.id !== homeId && b.establishedOn <= cursor));
      if (other) {
        add('TRANSFERRED', cursor, {
          organizationId: other.id,
          details: { letter: { letterNumber: `${100 + (number % 900)}/GGT`, cardNumber: `40${String(number).padStart(8, '0')}`, duesPaidUntil: cursor.slice(0, 7) } },
        });
        homeId = other.id;
        cursor = addMonths(cursor, 8);
      }
    }
    if (random() < 0.02 && living()) {
      const host = pick(random, options.branches.filter((b) => b.id !== homeId && b.establishedOn <= cursor));
      const returns = addMonths(cursor, 6);
      if (host && returns < today) {
        add('TEMPORARY_TRANSFER', cursor, { organizationId: host.id, details: { reason: 'WORK', expectedReturnOn: returns } });
        add('TEMPORARY_RETURN', addDays(returns, -10));
        cursor = addMonths(returns, 2);
      }
    }
    if (random() < 0.008 && addMonths(cursor, 3) < today) {
      add('SUSPENDED', cursor);
      add('REINSTATED', addDays(cursor, 80));
      cursor = addMonths(cursor, 6);
    }
    const age70 = addMonths(dateOfBirth, 12 * 70);
    const mayDie = dateOfBirth < '1962-01-01';
    if (mayDie && age70 > cursor && age70 < today && random() < 0.4) {
      add('EXEMPTED', age70);
      cursor = addMonths(age70, 1);
    }
    if (mayDie && random() < 0.35 && cursor < today) {
      add('DECEASED', dateBetween(random, cursor, today));
    } else if (random() < 0.004 && cursor < today) {
      add('REMOVED_FROM_ROLL', dateBetween(random, cursor, today));
    } else if (random() < 0.003 && cursor < today) {
      add('EXPELLED', dateBetween(random, cursor, today));
    }
  }
  const birthYear = dateOfBirth.slice(2, 4);
  return {
    person: {
      fullName,
      gender,
      dateOfBirth,
      ethnicity: weighted(random, ETHNICITY),
      religion: weighted(random, RELIGION),
      hometown: `${pick(random, HOMETOWNS)}, Nghệ An`,
      permanentAddress: `Số ${1 + Math.floor(random() * 200)}, ${pick(random, HOMETOWNS)}, Nghệ An`,
      nationalId: `040${gender === 'MALE' ? (dateOfBirth < '2000' ? '0' : '2') : dateOfBirth < '2000' ? '1' : '3'}${birthYear}${String(number % 1_000_000).padStart(6, '0')}`,
      phone: `09${String(10_000_000 + ((number * 7919) % 89_999_999)).padStart(8, '0')}`,
      email: null,
      educationLevel: '12/12',
      professionalQualification: weighted(random, QUALIFICATION),
      politicalTheoryLevel: weighted(random, THEORY),
      occupation: pick(random, OCCUPATION),
      partyCardNumber: `40${String(number).padStart(8, '0')}`,
      fileNumber: `HS-${number}`,
    },
    events,
  };
}
