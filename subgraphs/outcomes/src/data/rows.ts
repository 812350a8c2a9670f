/** What the outcomes subgraph accepts from the ingest command (written by its data module only). */
import type { SourceRow } from '@regiograph/lib';

export interface IndicatorRow {
  name: string;
  achievement: number | null;
  order?: number | null;
}

export interface OutcomeRow {
  /** outcome:eea-grants:2009-2014:PL03:<slug of the result> */
  id: string;
  /** OutcomeKind, e.g. FINDINGS ... RESULT */
  kind: string;
  name: string;
  title?: string | null;
  language?: string | null;
  summary?: string | null;
  status?: string | null;
  indicators?: IndicatorRow[];
  sourceIds: string[];
}

export interface OutcomeLinkRow {
  outcomeId: string;
  /** PRODUCED_BY, ... */
  relation: string;
  /** Programme, Project, Organisation, ... */
  targetType: string;
  targetId: string;
  sourceIds: string[];
}

export interface OutcomesRows {
  sources?: SourceRow[];
  outcomes?: OutcomeRow[];
  links?: OutcomeLinkRow[];
}
