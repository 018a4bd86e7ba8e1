import { once } from 'node:events';
import net from 'node:net';

/**
 * Consumers that connect and never read: half plain (like a stuck `nc`), half asking for offsets
 * (like a hung core). Returns what closes them.
 */
export async function stuckConsumers(port: number, n: number): Promise<() => void> {
  const sockets: net.Socket[] = [];
  for (let i = 0; i < n; i++) {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    if (i % 2 === 1) socket.write('{"from":"stream"}\n');
    socket.pause();
    sockets.push(socket);
  }
  return () => {
    for (const s of sockets) s.destroy();
  };
}
