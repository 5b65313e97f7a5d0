import { Type } from 'typebox';
import { defineRule } from './rule.js';

/** Chi ủy: at most this many members. */
export const BRANCH_COMMITTEE_MAX = defineRule<number>('committees.branch_committee_max', 'branch committee size (at most)', Type.Integer({ minimum: 1, maximum: 100 }));
