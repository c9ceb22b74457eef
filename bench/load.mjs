// The load generator, run as its own process (so its CPU is not the server's): reads a spec
// (JSON file named on the command line), runs autocannon with a warm-up, and prints the
// figures as one JSON line on stdout.
//
// spec: { url, connections, duration, warmup, method, headers, body?, perConnection? }
// perConnection: an array of request lists; connection i cycles through list i (mod length),
// so a mutating case can give each connection its own row to change (setRequests per client:
// a setupRequest context would not do, autocannon resets it whenever a request list wraps).
import fs from 'node:fs';
import autocannon from 'autocannon';

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

// autocannon calls setupClient once per connection (warm-up connections included): each takes
// the next list and sends its requests in order, over and over.
let nextConnection = 0;
const setupClient = spec.perConnection
  ? (client) => {
      const list = spec.perConnection[nextConnection++ % spec.perConnection.length];
      client.setRequests(
        list.map((r) => ({
          method: spec.method ?? 'GET',
          ...r,
          headers: { ...spec.headers, ...r.headers },
        })),
      );
    }
  : undefined;

const options = {
  url: spec.url,
  connections: spec.connections,
  duration: spec.duration,
  method: spec.method ?? 'GET',
  headers: spec.headers ?? {},
  body: spec.body,
  timeout: 30,
  setupClient,
  warmup: spec.warmup > 0 ? { connections: spec.connections, duration: spec.warmup } : undefined,
};

autocannon(options, (error, result) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  const requests = result.requests.total;
  console.log(
    JSON.stringify({
      requests,
      duration: result.duration,
      rps: requests / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      bytesPerResponse: requests > 0 ? result.throughput.total / requests : 0,
      statusCodes: result.statusCodeStats,
    }),
  );
});
