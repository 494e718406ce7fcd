// The entry point. (The console tells Ink it is interactive itself, whatever the
// environment's CI variable says: src/app.tsx.)
import { phase } from './trace.js';

phase('entry');
await import('./cli.js');
