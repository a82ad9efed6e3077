/** The eight documented condition operators (reference §1.2). Note `…GreaterOrEqualTo`, not `…ThanOrEqualTo`. */
export const ConditionOperator = {
  Equals: "Equals",
  TextStartsWith: "TextStartsWith",
  TextEndsWith: "TextEndsWith",
  TextContains: "TextContains",
  NumberGreaterThan: "NumberGreaterThan",
  NumberGreaterOrEqualTo: "NumberGreaterOrEqualTo",
  NumberLessThan: "NumberLessThan",
  NumberLessOrEqualTo: "NumberLessOrEqualTo",
} as const;

export type ConditionOperator = (typeof ConditionOperator)[keyof typeof ConditionOperator];
