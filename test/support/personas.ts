/** The demo personas as Teams puts them in an activity's `from` (README "Demo personas"), for black-box tests. */
import { PERSONAS, type Persona } from '../../src/backends/local/local-seed.js';

export interface TeamsFrom {
  id: string;
  name: string;
  aadObjectId?: string;
}

/** A persona as Teams identifies them: bot-scoped id `29:<name>-<role>`, display name, Entra object id. */
function fromOf(p: Persona): Required<TeamsFrom> {
  return { id: `29:${p.givenName.toLowerCase()}-${p.surname.toLowerCase()}`, name: p.displayName, aadObjectId: p.id };
}

const [avery, sam, emma, rui, vic, mia, olu] = PERSONAS;

export const AS = {
  avery: fromOf(avery),
  sam: fromOf(sam),
  emma: fromOf(emma),
  rui: fromOf(rui),
  vic: fromOf(vic),
  mia: fromOf(mia),
  olu: fromOf(olu),
} as const;

/** A channel of the test team other than General (activities.ts names every such channel "DLP EMEA"). */
export const DLP_EMEA_CHANNEL = '19:dlp-emea@thread.tacv2';

/** Someone Teams did not identify: no Entra object id on the activity. */
export const NO_AAD_ID: TeamsFrom = { id: '29:unknown-person', name: 'Unknown Person' };
