import { io, type Socket } from 'socket.io-client';

/**
 * A child process of the fan-out benchmark: holds many socket.io clients and
 * notes when each receives each `batch` event. Driven over IPC by
 * bench/fanout.bench.ts: `connect` (a server, how many clients; once per contender) → `ready`;
 * `collect` → the receipt times of each server's clients, then every client disconnects.
 */
interface Connect {
  cmd: 'connect';
  url: string;
  /** Which contender of an A/B run this server is: receipts are kept apart by it. */
  server: number;
  clients: number;
}
interface Collect {
  cmd: 'collect';
}

/** Absolute wall time in ms with sub-millisecond resolution, comparable across processes. */
const now = (): number => performance.timeOrigin + performance.now();

let sockets: Socket[] = [];
/** For each server, for each client, seq → receipt time. */
let receipts: Map<number, number>[][] = [];

process.on('message', (msg: Connect | Collect) => {
  if (msg.cmd === 'connect') {
    const mine: Map<number, number>[] = (receipts[msg.server] ??= []);
    let connected = 0;
    for (let i = 0; i < msg.clients; i++) {
      const got = new Map<number, number>();
      mine.push(got);
      // WebSocket only, as the dashboard connects (apps/web/src/live/use-live-feed.ts).
      const socket = io(msg.url, { transports: ['websocket'], reconnection: false, forceNew: true });
      socket.on('batch', (r: { seq: number }) => {
        got.set(r.seq, now());
      });
      socket.once('snapshot', () => {
        if (++connected === msg.clients) process.send!({ cmd: 'ready' });
      });
      socket.on('connect_error', (err) => process.send!({ cmd: 'error', message: err.message }));
      sockets.push(socket);
    }
  } else if (msg.cmd === 'collect') {
    const out = receipts.map((server) => server.map((m) => [...m]));
    for (const s of sockets) s.disconnect();
    sockets = [];
    receipts = [];
    process.send!({ cmd: 'receipts', receipts: out }, () => undefined);
  }
});
