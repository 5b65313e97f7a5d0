import { Type } from 'typebox';
import type { Sector } from '../generated/prisma/client.js';
import { defineRule } from './rule.js';

/**
 * The rows of the statistical forms of the organisation commissions (biểu thống kê cơ bản,
 * Hướng dẫn 11-HD/BTCTW) as dated data: members' records keep education, occupation, ethnicity
 * and religion as the text an office typed, so each form row names the texts it counts. An
 * office that finds a text listed as unclassified adds it here (a new value of the rule) and
 * the form counts it from then on, without a release.
 */

const SECTORS: Sector[] = [
  'PARTY_AGENCY',
  'STATE_AGENCY',
  'PUBLIC_SERVICE_UNIT',
  'STATE_ENTERPRISE',
  'PRIVATE_ENTERPRISE',
  'FOREIGN_INVESTED_ENTERPRISE',
  'MASS_ORGANIZATION',
  'COMMUNE_WARD',
  'ARMED_FORCES',
  'OTHER',
];

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

const ClassRow = Type.Object(
  {
    code: Text(40),
    label: Text(200),
    /** Texts counted in this row, compared without case, diacritics or punctuation. */
    values: Type.Array(Text(200), { maxItems: 300 }),
    /** Texts that begin with one of these words count too ("đại học luật" in "đại học"). */
    prefixes: Type.Optional(Type.Array(Text(200), { maxItems: 100 })),
    /** A group some forms count apart: MAJORITY (the Kinh), RETIRED (retired or no longer working). */
    group: Type.Optional(Type.Union([Type.Literal('MAJORITY'), Type.Literal('RETIRED')])),
    /**
     * Only for members whose branch is of one of these sectors (occupations: a Công chức of a
     * Party agency and one of a State agency are different rows). Rows with the same label count
     * together.
     */
    sectors: Type.Optional(Type.Array(Type.Union(SECTORS.map((sector) => Type.Literal(sector))), { minItems: 1, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export type ClassificationRow = { code: string; label: string; values: string[]; prefixes?: string[]; group?: 'MAJORITY' | 'RETIRED'; sectors?: Sector[] };
/** `none`: texts that mean "none" (no religion, not stated): counted nowhere, not unclassified. */
export type Classification = { rows: ClassificationRow[]; none: string[] };

const ClassificationSchema = Type.Object(
  { rows: Type.Array(ClassRow, { minItems: 1, maxItems: 120 }), none: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }) },
  { additionalProperties: false },
);

const classification = (key: string, name: string) => defineRule<Classification>(`reports.${key}`, name, ClassificationSchema);

export const ETHNICITIES = classification('ethnicities', 'report forms: ethnic groups (Biểu 3, 4)');
export const RELIGIONS = classification('religions', 'report forms: religions (Biểu 3, 4)');
export const EDUCATION_LEVELS = classification('education_levels', 'report forms: general education (Biểu 3)');
export const QUALIFICATIONS = classification('qualifications', 'report forms: professional qualification, the highest held (Biểu 3)');
export const POLITICAL_THEORY_LEVELS = classification('political_theory_levels', 'report forms: political theory, the highest held (Biểu 3)');
export const OCCUPATIONS = classification('occupations', 'report forms: occupation (Biểu 3)');

const Band = Type.Object(
  { label: Text(100), from: Type.Integer({ minimum: 0, maximum: 150 }), to: Type.Union([Type.Integer({ minimum: 0, maximum: 150 }), Type.Null()]) },
  { additionalProperties: false },
);

/** Age bands in whole years on the day of the form, both ends included; `to` null: and above. */
export const AGE_BANDS = defineRule<{ label: string; from: number; to: number | null }[]>(
  'reports.age_bands',
  'report forms: age bands (Biểu 3)',
  Type.Array(Band, { minItems: 1, maxItems: 30 }),
);

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** Periods of admission (thời gian kết nạp vào Đảng), first and last day included; null: open. */
export const ADMISSION_ERAS = defineRule<{ label: string; from: string | null; to: string | null }[]>(
  'reports.admission_eras',
  'report forms: periods of admission (Biểu 3)',
  Type.Array(Type.Object({ label: Text(100), from: Type.Union([Day, Type.Null()]), to: Type.Union([Day, Type.Null()]) }, { additionalProperties: false }), {
    minItems: 1,
    maxItems: 20,
  }),
);


/** The rows of Biểu 5 (grassroots organisations by type), each naming the sectors it counts. */
export const ORGANIZATION_TYPES = defineRule<{ code: string; label: string; sectors: Sector[] }[]>(
  'reports.organization_types',
  'report forms: types of grassroots organisation by sector (Biểu 5)',
  Type.Array(
    Type.Object(
      { code: Text(40), label: Text(200), sectors: Type.Array(Type.Union(SECTORS.map((sector) => Type.Literal(sector))), { minItems: 1, uniqueItems: true }) },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 40 },
  ),
);
