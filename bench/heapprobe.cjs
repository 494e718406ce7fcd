// Preload for the built console (NODE_OPTIONS="--require ./bench/heapprobe.cjs"), used by
// bench/memprobe.ts. CommonJS and --require because a single executable takes --require
// from NODE_OPTIONS but not --import. On SIGUSR2 appends one JSON line to
// $KUBEDECK_HEAP_OUT: where the process's memory is, before and after a forced full GC
// (live bytes against garbage not yet collected):
//   rss, rssAnon, rssFile        /proc/self/status (file: the executable's and libraries' pages)
//   heapUsed, heapTotal          V8's heap (heapTotal: what V8 has committed for it)
//   heapPhysical                 of that, what is resident
//   external, arrayBuffers       memory V8 is told of outside its heap (Buffers, zlib's windows are not)
//   malloced                     what V8 itself has malloc'ed (not its heap pages)
//   other                        rssAnon - heapPhysical - arrayBuffers: Node, ICU, zlib, malloc's arenas, code
// and per heap space its used and committed MiB. --expose-gc is set only then, not at
// start: a V8 flag set before the bundle is compiled makes V8 reject the executable's code
// cache. With KUBEDECK_HEAP_SAMPLE=FILE the first SIGUSR2 starts V8's sampling heap
// profiler (collected objects included: what is allocated, not what is live) and the
// second writes its profile to FILE before the figures. With KUBEDECK_GC_PROFILE=1 the
// line also has `gcs`: every collection from the start to the figures (v8.GCProfiler), by
// type (count, ms), what scavenges promoted to the old generation, and each full GC's
// time, pause and old/large-object space used before and after.
'use strict';
const v8 = process.getBuiltinModule('node:v8');
const vm = process.getBuiltinModule('node:vm');
const { appendFileSync, readFileSync, writeFileSync } = process.getBuiltinModule('node:fs');
const { Session } = process.getBuiltinModule('node:inspector');

const out = process.env.KUBEDECK_HEAP_OUT;
const mib = (x) => Math.round(x / 2 ** 20);
const status = () => {
  const s = readFileSync('/proc/self/status', 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
  return { rssAnon: Math.round(kb('RssAnon') / 1024), rssFile: Math.round(kb('RssFile') / 1024) };
};
const sample = () => {
  const m = process.memoryUsage();
  const h = v8.getHeapStatistics();
  const st = status();
  return {
    rss: mib(m.rss),
    ...st,
    heapUsed: mib(m.heapUsed),
    heapTotal: mib(m.heapTotal),
    heapPhysical: mib(h.total_physical_size),
    external: mib(m.external),
    arrayBuffers: mib(m.arrayBuffers),
    malloced: mib(h.malloced_memory),
    other: st.rssAnon - mib(h.total_physical_size) - mib(m.arrayBuffers),
  };
};
const sampleTo = process.env.KUBEDECK_HEAP_SAMPLE;
let session;
let gc;
const profiler = process.env.KUBEDECK_GC_PROFILE ? new v8.GCProfiler() : undefined;
profiler?.start();
const started = Date.now();
function gcSummary() {
  const r = profiler.stop();
  const byType = {};
  const full = [];
  let promoted = 0;
  const used = (side, name) => side.heapSpaceStatistics.find((x) => x.spaceName === name).spaceUsedSize;
  for (const g of r.statistics) {
    const t = (byType[g.gcType] ??= { count: 0, ms: 0 });
    t.count++;
    t.ms += g.cost / 1000;
    const old = [used(g.beforeGC, 'old_space'), used(g.afterGC, 'old_space')];
    const lo = [used(g.beforeGC, 'large_object_space'), used(g.afterGC, 'large_object_space')];
    if (g.gcType === 'Scavenge' || g.gcType === 'MinorMarkSweep') promoted += old[1] - old[0] + lo[1] - lo[0];
    else full.push({ at: (g.startTime - r.startTime) / 1000, ms: +(g.cost / 1000).toFixed(1), old: old.map(mib), lo: lo.map(mib) });
  }
  for (const t of Object.values(byType)) t.ms = Math.round(t.ms);
  return { sinceStartS: (Date.now() - started) / 1000, byType, promotedMiB: mib(promoted), full };
}
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
  const gcs = profiler ? gcSummary() : undefined;
  const before = sample();
  const spacesBefore = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, [mib(s.space_used_size), mib(s.space_size)]]));
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc');
  }
  const t = performance.now();
  // KUBEDECK_GC_FLAVOR=last-resort: V8's memory-reducing collection (what a low-memory
  // notification does: several rounds, compaction, free pages given back) instead of two full GCs
  if (process.env.KUBEDECK_GC_FLAVOR) gc({ type: 'major', execution: 'sync', flavor: process.env.KUBEDECK_GC_FLAVOR });
  else {
    gc();
    gc();
  }
  const gcMs = +(performance.now() - t).toFixed(1);
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, [mib(s.space_used_size), mib(s.space_size)]]));
  appendFileSync(out, JSON.stringify({ before, after: sample(), spacesBefore, spaces, gcs, gcMs }) + '\n');
}
