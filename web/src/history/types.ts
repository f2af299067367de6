/** The answers of Weft's revision and confirmation routes, as the server declares them (src/api/answers.ts). */
export type { PendingConfirm, RevisionDiff, RevisionRow, RevisionSection as Section, SectionChanges } from '../../../src/api/answers';
