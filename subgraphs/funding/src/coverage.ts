import { createCoverage } from '@regiograph/lib';
import { Fund } from './fund/fund.entity.js';
import { Programme } from './programme/programme.entity.js';
import { Grant } from './grant/grant.entity.js';
import { Allocation } from './allocation/allocation.entity.js';
import { ProgrammeParticipant } from './participant/programme-participant.entity.js';

/** Coverage.fundingFields: the fill rates of this subgraph's entity types, per source. */
// Nullable like every field one subgraph adds to another's entity: when this one is down, its rows are null.
export const coverage = createCoverage('fundingFields', [Fund, Programme, Grant, Allocation, ProgrammeParticipant], { nullable: true });
