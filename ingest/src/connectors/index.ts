import type { Connector } from '../types.js';
import { countriesConnector } from './countries.js';
import { eeaGrantsConnector } from './eea-grants.js';
import { keepEuConnector } from './keep-eu.js';
import { kohesioConnector } from './kohesio.js';
import { nutsConnector } from './nuts.js';
import { sirutaConnector } from './siruta.js';
import { terytConnector } from './teryt.js';

/** Every source the ingest command knows, by the name given on the command line. */
export const connectors: Connector[] = [
  countriesConnector,
  nutsConnector,
  terytConnector,
  sirutaConnector,
  eeaGrantsConnector,
  keepEuConnector,
  kohesioConnector,
];
