import { registerEnumType } from 'type-graphql';

export enum OutcomeKind {
  RECOMMENDATION = 'RECOMMENDATION',
  IMPLEMENTATION_PROJECT = 'IMPLEMENTATION_PROJECT',
  GOOD_PRACTICE = 'GOOD_PRACTICE',
  POLICY_INPUT = 'POLICY_INPUT',
  REPORT = 'REPORT',
  TOOL = 'TOOL',
  FINDINGS = 'FINDINGS',
  RESULT = 'RESULT',
  OTHER = 'OTHER',
}
registerEnumType(OutcomeKind, {
  name: 'OutcomeKind',
  description:
    'What a project, network, event or programme produced: a recommendation, a drafted implementation project, a good practice, input to a policy, a report, a tool, findings, a reported result.',
  valuesConfig: {
    RESULT: { description: 'A result a programme reports, with indicator achievements.' },
  },
});

export enum OutcomeObjectiveKind {
  MAIN = 'MAIN',
  RESULT = 'RESULT',
  STRATEGIC = 'STRATEGIC',
  OTHER = 'OTHER',
}
registerEnumType(OutcomeObjectiveKind, {
  name: 'OutcomeObjectiveKind',
  description: 'Level of an objective of an outcome: its main aim, the results it should deliver, or its strategic aims.',
});

export enum OutcomeStatus {
  IDENTIFIED = 'IDENTIFIED',
  PROPOSED = 'PROPOSED',
  DRAFTED = 'DRAFTED',
  PILOTED = 'PILOTED',
  PLANNED = 'PLANNED',
  PRESENTED = 'PRESENTED',
  ADOPTED = 'ADOPTED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(OutcomeStatus, {
  name: 'OutcomeStatus',
  description: 'How far an outcome had got when the source was written; UNKNOWN when the source does not say.',
  valuesConfig: {
    IDENTIFIED: { description: 'Found or named (challenges, findings), not yet acted on.' },
    PROPOSED: { description: 'Put forward as ideas or input by participants.' },
    DRAFTED: { description: 'Written up, not yet carried out.' },
    PILOTED: { description: 'Tried out in pilot areas.' },
    PLANNED: { description: 'Announced for a later date.' },
    PRESENTED: { description: 'Shown to an audience.' },
    ADOPTED: { description: 'Taken up by the body it was addressed to.' },
  },
});

/** How an outcome is tied to a record another subgraph owns; stored in outcome_link.relation. */
export enum OutcomeRelation {
  PRODUCED_BY = 'PRODUCED_BY',
  PRODUCED_AT = 'PRODUCED_AT',
  PRESENTED_AT = 'PRESENTED_AT',
  DISCUSSED_AT = 'DISCUSSED_AT',
  PRESENTED_IN = 'PRESENTED_IN',
  ADDRESSED_TO = 'ADDRESSED_TO',
  ABOUT = 'ABOUT',
  RESPONDS_TO = 'RESPONDS_TO',
}

/** The GraphQL type of the record at the other end of an outcome_link; stored in outcome_link.target_type. */
export enum OutcomeTargetType {
  ORGANISATION = 'Organisation',
  PLACE = 'Place',
  PROJECT = 'Project',
  EVENT = 'Event',
  NETWORK = 'Network',
  PROGRAMME = 'Programme',
  OUTCOME = 'Outcome',
}
