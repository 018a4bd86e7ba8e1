import { io, type Socket } from 'socket.io-client';

/** A child of bench/resync-snapshot.ts: connects clients, then says each time all of them got a snapshot. */
process.once('message', (m: { url: string; clients: number }) => {
  const sockets: Socket[] = [];
  let got = 0;
  for (let i = 0; i < m.clients; i++) {
    const s = io(m.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    s.on('snapshot', () => {
      if (++got % m.clients === 0) process.send!({ snapshots: got });
    });
    sockets.push(s);
  }
});
