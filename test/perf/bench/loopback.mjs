// Preloaded into the app by the benchmark (`node --import ./test/perf/bench/loopback.mjs dist/main.js`):
// main.ts calls app.listen(PORT) with no host, which binds every interface. This makes a
// port-only listen() bind 127.0.0.1, so the benchmarked server is reachable from this machine
// only. It changes nothing else (no per-request cost).
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  const portOnly = typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first));
  if (portOnly && (args.length === 1 || typeof args[1] === 'function')) {
    args.splice(1, 0, '127.0.0.1');
  } else if (
    first &&
    typeof first === 'object' &&
    !(first instanceof net.Server) &&
    first.port !== undefined &&
    !first.host &&
    !first.path
  ) {
    args[0] = { ...first, host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
