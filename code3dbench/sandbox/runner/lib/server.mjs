// A runner that stays up between programs: one Chromium for every step of a sample.
//
// The server listens on a Unix socket; each request is one JSON line, {"program", "out"} or
// {"command": "shutdown"}, answered by one JSON line once the outputs are written. It exits
// after `idleExitMs` without a request, so a server nobody stops cannot outlive its sample by
// long. The client side connects, sends one request and prints the answer.
import fs from 'node:fs';
import net from 'node:net';

export const EXIT_NO_SERVER = 4;
export const EXIT_SERVER_LOST = 5;

function lines(socket, onLine) {
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    buffer += chunk;
    let index;
    while ((index = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 1);
      if (line.trim()) onLine(line);
    }
  });
}

// Serves requests until shutdown or idleness; `handle(request)` returns the answer object.
export function serve(socketPath, handle, { idleExitMs }) {
  fs.rmSync(socketPath, { force: true });
  return new Promise((resolve, reject) => {
    let idleTimer;
    let busy = 0;
    const server = net.createServer((socket) => {
      lines(socket, async (line) => {
        busy += 1;
        clearTimeout(idleTimer);
        let answer;
        try {
          const request = JSON.parse(line);
          if (request.command === 'shutdown') {
            socket.end(`${JSON.stringify({ event: 'shutdown' })}\n`);
            server.close();
            return;
          }
          answer = await handle(request);
        } catch (err) {
          answer = { event: 'error', message: String(err && err.message ? err.message : err) };
        } finally {
          busy -= 1;
          armIdle();
        }
        if (!socket.destroyed) socket.end(`${JSON.stringify(answer)}\n`);
      });
      socket.on('error', () => {});
    });
    const armIdle = () => {
      clearTimeout(idleTimer);
      if (busy === 0) idleTimer = setTimeout(() => server.close(), idleExitMs);
    };
    server.on('error', reject);
    server.on('close', () => {
      clearTimeout(idleTimer);
      fs.rmSync(socketPath, { force: true });
      resolve();
    });
    server.listen(socketPath, () => {
      process.stdout.write(`${JSON.stringify({ event: 'listening', socket: socketPath })}\n`);
      armIdle();
    });
  });
}

// Sends one request; waits up to `waitMs` for the server's socket to appear.
export async function request(socketPath, message, { waitMs }) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await once(socketPath, message);
    } catch (err) {
      if (err.code === 'LOST' || Date.now() >= deadline || !['ENOENT', 'ECONNREFUSED'].includes(err.code)) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function once(socketPath, message) {
  return new Promise((resolve, reject) => {
    let answered = false;
    let connected = false;
    const socket = net.createConnection(socketPath, () => {
      connected = true;
      socket.write(`${JSON.stringify(message)}\n`);
    });
    lines(socket, (line) => {
      answered = true;
      resolve(JSON.parse(line));
    });
    socket.on('error', (err) => {
      if (connected) err.code = 'LOST';
      reject(err);
    });
    socket.on('close', () => {
      if (!answered && connected) reject(Object.assign(new Error('the runner server closed the connection'), { code: 'LOST' }));
    });
  });
}
