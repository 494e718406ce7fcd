// The entry point. (The console tells Ink it is interactive itself, whatever the
// environment's CI variable says: src/app.tsx.)
await import('./cli.js');
