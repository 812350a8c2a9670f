import { registerEnumType } from 'type-graphql';

export enum FundKind {
  GRANT_MECHANISM = 'GRANT_MECHANISM',
  EU_STRUCTURAL_FUND = 'EU_STRUCTURAL_FUND',
  OTHER = 'OTHER',
}
registerEnumType(FundKind, {
  name: 'FundKind',
  description: 'What kind of money a fund is: a donor grant mechanism (EEA and Norway Grants), an EU structural fund (ERDF) or other.',
});

export enum ProgrammeOperatorRole {
  PROGRAMME_OPERATOR = 'PROGRAMME_OPERATOR',
  MANAGING_AUTHORITY = 'MANAGING_AUTHORITY',
}
registerEnumType(ProgrammeOperatorRole, {
  name: 'ProgrammeOperatorRole',
  description:
    'How the body running a programme is designated: programme operator (EEA and Norway Grants) or managing authority (EU funds).',
});
