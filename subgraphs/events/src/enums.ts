import { registerEnumType } from 'type-graphql';

export enum EventKind {
  MEETING = 'MEETING',
  NETWORK_MEETING = 'NETWORK_MEETING',
  ONLINE_MEETING = 'ONLINE_MEETING',
  WORKSHOP = 'WORKSHOP',
  STUDY_VISIT = 'STUDY_VISIT',
  SEMINAR = 'SEMINAR',
  LOCAL_LEARNING_LAB = 'LOCAL_LEARNING_LAB',
  STAKEHOLDER_GROUP_MEETING = 'STAKEHOLDER_GROUP_MEETING',
  PARTNER_MEETING = 'PARTNER_MEETING',
  INTERVIEWS = 'INTERVIEWS',
  CONFERENCE = 'CONFERENCE',
  OTHER = 'OTHER',
}
registerEnumType(EventKind, { name: 'EventKind', description: 'What kind of gathering an event is.' });

export enum EventStatus {
  HELD = 'HELD',
  PLANNED = 'PLANNED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(EventStatus, {
  name: 'EventStatus',
  description: 'Whether the event had taken place or was still planned when the source was published.',
});

export enum EventRole {
  HOST = 'HOST',
  ORGANISER = 'ORGANISER',
  PARTICIPANT = 'PARTICIPANT',
  PRESENTER = 'PRESENTER',
  PRESENTED = 'PRESENTED',
  VISITED = 'VISITED',
}
registerEnumType(EventRole, {
  name: 'EventRole',
  description: 'Part an organisation or group played in an event.',
  valuesConfig: {
    PRESENTED: { description: 'The organisation, or a programme of it, was presented at the event.' },
    VISITED: { description: 'The organisation was visited on a study visit.' },
  },
});

export enum AgendaItemKind {
  PRESENTATION = 'PRESENTATION',
  DISCUSSION = 'DISCUSSION',
  VISIT = 'VISIT',
  QUESTION = 'QUESTION',
  OTHER = 'OTHER',
}
registerEnumType(AgendaItemKind, {
  name: 'AgendaItemKind',
  description: 'What an agenda item was: a presentation, a discussion, a visit, a guiding question, or something else.',
});
