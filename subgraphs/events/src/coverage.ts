import { createCoverage } from '@regiograph/lib';
import { Event, EventParticipant, AgendaItem } from './event/event.entity.js';

/** Coverage.eventFields: the fill rates of this subgraph's entity types, per source. */
// Nullable like every field one subgraph adds to another's entity: when this one is down, its rows are null.
export const coverage = createCoverage('eventFields', [Event, EventParticipant, AgendaItem], { nullable: true });
