// A plain Node `ws` IM server speaking the same protocol as Server/ (match, normal -> receipt + teacher
// reply, error replies), with no think time: the quick mock a team would write, used only as a throughput
// yardstick for the embedded server. Usage: node Benchmarks/node/imserver.mjs PORT
import { randomBytes, randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] ?? 9089);
const path = '/pinter/imserver/';
const greeting = '同学,你好,非常高兴为你服务,有什么需要我帮忙的呢?';
const online = new Map(); // user id -> socket
const teacherOf = new Map(); // customer -> teacher

const frame = (code, type, from, to, msg) => JSON.stringify({
  code, type, from, to, msg, msgId: randomUUID(), timestamp: String(Date.now()),
});

function onMessage(user, socket, text) {
  let request;
  try {
    request = JSON.parse(text);
  } catch {
    socket.send(frame('1', 'receipt', 'system', user, 'not JSON'));
    return;
  }
  const { type, from, to, msg } = request ?? {};
  if (typeof type !== 'string' || typeof from !== 'string' || typeof to !== 'string' || !type || !from || !to) {
    socket.send(frame('1', type === 'match' ? 'match' : 'receipt', 'system', user, 'type, from and to are required'));
    return;
  }
  if (type === 'match') {
    const teacher = teacherOf.get(from);
    socket.send(teacher ? frame('0', 'match', 'system', user, teacher) : frame('1', 'match', 'system', user, 'no teacher'));
  } else if (type === 'normal') {
    if (teacherOf.get(from) !== to) {
      socket.send(frame('1', 'receipt', 'system', user, 'not your teacher'));
    } else if (typeof msg !== 'string' || !msg.trim()) {
      socket.send(frame('1', 'receipt', 'system', user, '消息内容为空'));
    } else {
      socket.send(frame('0', 'receipt', 'system', user, 'push success'));
      setImmediate(() => online.get(from)?.send(frame('0', 'normal', to, from, greeting)));
    }
  }
}

const server = new WebSocketServer({ port, host: '127.0.0.1' });
server.on('connection', (socket, request) => {
  const user = decodeURIComponent((request.url ?? '').slice(path.length));
  online.set(user, socket);
  teacherOf.set(user, randomBytes(16).toString('hex') + '__mtx');
  socket.on('message', (data) => onMessage(user, socket, data.toString()));
  socket.on('close', () => {
    if (online.get(user) === socket) {
      online.delete(user);
      teacherOf.delete(user);
    }
  });
});
server.on('listening', () => console.log(`listening on ws://127.0.0.1:${port}${path}{userId}`));
