// Preload for the built console (NODE_OPTIONS="--import ./bench/heapprobe.mjs"), used by
// bench/memprobe.ts: on SIGUSR2 appends one JSON line to $KUBEDECK_HEAP_OUT with RSS and
// the V8 heap before and after a forced full GC (live bytes against garbage not yet
// collected), per heap space. With KUBEDECK_HEAP_SAMPLE=FILE the first SIGUSR2 starts
// V8's sampling heap profiler (collected objects included: what is allocated, not what
// is live) and the second writes its profile to FILE before the figures.
import v8 from 'node:v8';
import vm from 'node:vm';
import { appendFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const out = process.env.KUBEDECK_HEAP_OUT;
const mib = (x) => Math.round(x / 2 ** 20);
const sample = () => {
  const m = process.memoryUsage();
  return { rss: mib(m.rss), heapUsed: mib(m.heapUsed), heapTotal: mib(m.heapTotal), external: mib(m.external) };
};
const sampleTo = process.env.KUBEDECK_HEAP_SAMPLE;
let session;
process.on('SIGUSR2', () => {
  if (sampleTo && !session) {
    session = new Session();
    session.connect();
    session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    return;
  }
  if (session) {
    session.post('HeapProfiler.stopSampling', (err, r) => {
      if (!err) writeFileSync(sampleTo, JSON.stringify(r.profile));
      session.disconnect();
      figures();
    });
    return;
  }
  figures();
});
function figures() {
  const before = sample();
  gc();
  gc();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mib(s.space_used_size)]));
  appendFileSync(out, JSON.stringify({ before, after: sample(), spaces }) + '\n');
}
