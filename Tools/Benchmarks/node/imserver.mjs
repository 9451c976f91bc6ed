// A plain Node `ws` IM server speaking the same protocol as Server/ (match for the connection's user, normal ->
// receipt + teacher reply, each error row's reply type), with no think time: the quick server a team would
// write, used only as a yardstick for the embedded server's throughput and memory.
// Usage: node Tools/Benchmarks/node/imserver.mjs PORT
import { randomBytes, randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] ?? 9089);
const path = '/pinter/imserver/';
const greeting = '同学,你好,非常高兴为你服务,有什么需要我帮忙的呢?';
const online = new Map(); // user id -> socket
const partnerOf = new Map(); // customer -> teacher and teacher -> customer

const frame = (code, type, from, to, msg) => JSON.stringify({
  code, type, from, to, msg, msgId: randomUUID(), timestamp: String(Date.now()),
});
const blank = (value) => typeof value !== 'string' || value.trim() === '';

function onMessage(user, socket, text) {
  if (text.trim() === '') {
    socket.send(frame('1', 'normal', 'system', user, 'blank frame'));
    return;
  }
  let request;
  try {
    request = JSON.parse(text);
  } catch {
    request = undefined;
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    socket.send(frame('1', 'receipt', 'system', user, 'not a JSON object'));
    return;
  }
  const { type, from, to, msg } = request;
  if (blank(type) || blank(from) || blank(to)) {
    socket.send(frame('1', 'normal', 'system', user, 'type, from and to are required'));
    return;
  }
  if (type === 'match') {
    const partner = partnerOf.get(user);
    socket.send(partner ? frame('0', 'match', 'system', user, partner) : frame('1', 'match', 'system', user, 'no teacher'));
  } else if (type === 'normal') {
    if (blank(msg)) {
      socket.send(frame('1', 'receipt', 'system', user, '消息内容为空'));
    } else if (!partnerOf.has(from)) {
      socket.send(frame('1', 'receipt', 'system', user, 'no teacher'));
    } else if (partnerOf.get(from) !== to) {
      socket.send(frame('1', 'receipt', 'system', user, 'not your teacher'));
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
  const teacher = randomBytes(16).toString('hex') + '__mtx';
  partnerOf.set(user, teacher);
  partnerOf.set(teacher, user);
  socket.on('message', (data) => onMessage(user, socket, data.toString()));
  socket.on('close', () => {
    if (online.get(user) === socket) {
      online.delete(user);
      partnerOf.delete(user);
      partnerOf.delete(teacher);
    }
  });
});
server.on('listening', () => console.log(`listening on ws://127.0.0.1:${port}${path}{userId}`));
