import { Type } from 'typebox';
import type { InspectionStage, InspectionType } from '../generated/prisma/client.js';
import { defineRule } from './rule.js';

const STAGES = ['PLANNED', 'DECIDED', 'IN_PROGRESS', 'SELF_REPORTED', 'VERIFIED', 'REPORTED', 'CONCLUDED', 'NOTIFIED'];
const Stages = Type.Array(Type.Union(STAGES.map((stage) => Type.Literal(stage))), { minItems: 2, uniqueItems: true });

/** The stages each kind of inspection goes through, in order: none skipped, none repeated. */
export const INSPECTION_PROCEDURE = defineRule<Record<InspectionType, InspectionStage[]>>(
  'inspections.procedure',
  'the stages of each kind of inspection, in order',
  Type.Object(
    { ON_SIGNS_OF_VIOLATION: Stages, INSPECTION_SUPERVISION_WORK: Stages, DISCIPLINE_ENFORCEMENT: Stages, PARTY_FINANCES: Stages },
    { additionalProperties: false },
  ),
);
