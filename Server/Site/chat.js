// The practice chat: a customer (default) or, with ?role=teacher&id=TEACHER_ID, the person in a teacher's seat.
// It speaks the seed's frames: match on open, normal for each message; every frame is listed under "Raw frames".
(() => {
  'use strict';
  const params = new URLSearchParams(location.search);
  const teacherMode = params.get('role') === 'teacher';
  const $ = (id) => document.getElementById(id);
  const server = params.get('server') || `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/pinter/imserver`;
  let socket = null;
  let userId = '';
  let partner = '';
  let closedByUser = false;
  let counter = 0;

  $('title').textContent = teacherMode ? '老师座位 (teacher seat)' : '在线客服';
  $('user-id').value = params.get('id') || (teacherMode ? '' : `web-${Math.random().toString(16).slice(2, 10)}`);
  $('user-id').placeholder = teacherMode ? 'the teacher id from a match reply (…__mtx)' : 'your user id';

  function showError(text) {
    $('error').textContent = text;
    $('error').hidden = false;
  }

  function bubble(kind, who, text) {
    const item = document.createElement('li');
    item.className = `bubble ${kind}`;
    const label = document.createElement('span');
    label.className = 'who';
    label.textContent = who;
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = text;
    item.append(label, body);
    $('messages').append(item);
    item.scrollIntoView({ block: 'end' });
  }

  function frame(direction, text) {
    const item = document.createElement('li');
    item.className = direction;
    item.textContent = `${direction === 'sent' ? '→' : '←'} ${text}`;
    $('frames').append(item);
  }

  function send(text) {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      showError('Not connected: connect first.');
      return;
    }
    socket.send(text);
    frame('sent', text);
  }

  function sendJson(request) {
    send(JSON.stringify(request));
  }

  function onFrame(text) {
    frame('received', text);
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      bubble('refusal', 'server', `not JSON: ${text}`);
      return;
    }
    if (message === null || typeof message !== 'object') {
      bubble('refusal', 'server', `not a JSON object: ${text}`);
      return;
    }
    // A refusal of type normal comes from system; a chat message comes from a person or the teacher.
    if (message.from === 'system' && message.code !== '0') {
      bubble('refusal', `refused (${message.type})`, message.msg ?? '');
    } else if (message.type === 'match' && message.code === '0') {
      partner = message.msg;
      $('partner').textContent = teacherMode ? `你的学员 (your customer): ${partner}` : `你的老师 (your teacher): ${partner}`;
      $('partner').dataset.partner = partner;
    } else if (message.type === 'receipt') {
      bubble('receipt', 'system', message.msg ?? '');
    } else if (message.type === 'normal') {
      bubble('incoming', message.from === partner ? (teacherMode ? '学员' : '老师') : message.from, message.msg ?? '');
    } else {
      bubble('system', message.from ?? 'server', text);
    }
  }

  function connect(event) {
    event?.preventDefault();
    userId = $('user-id').value.trim();
    if (!userId) {
      showError(teacherMode ? 'Give the teacher id from a match reply.' : 'Give a user id.');
      return;
    }
    if (socket) {
      closedByUser = true;
      socket.close(1000, 'reconnecting');
    }
    $('error').hidden = true;
    closedByUser = false;
    partner = '';
    const url = `${server}/${encodeURIComponent(userId)}`;
    $('status').textContent = `connecting to ${url}`;
    const current = new WebSocket(url);
    socket = current;
    current.onopen = () => {
      $('status').textContent = `connected as ${userId}`;
      $('status').dataset.state = 'open';
      sendJson({ msgId: `web-${++counter}`, type: 'match', from: userId, to: 'system' });
    };
    current.onmessage = (e) => onFrame(typeof e.data === 'string' ? e.data : '<binary frame>');
    current.onerror = () => {
      if (socket === current) {
        showError(`The connection to ${url} failed.`);
      }
    };
    current.onclose = (e) => {
      if (socket !== current) {
        return;
      }
      $('status').textContent = 'closed';
      $('status').dataset.state = 'closed';
      if (!closedByUser) {
        showError(`The connection closed: code ${e.code}${e.reason ? `, reason "${e.reason}"` : ''}. Connect again to continue.`);
      }
    };
  }

  $('connect').addEventListener('submit', connect);
  $('compose').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('text').value;
    if (!partner) {
      showError('No partner yet: wait for the match reply.');
      return;
    }
    bubble('outgoing', '我', text);
    sendJson({ msgId: `web-${++counter}`, type: 'normal', from: userId, to: partner, msg: text });
    $('text').value = '';
  });
  $('raw-send').addEventListener('submit', (event) => {
    event.preventDefault();
    send($('raw-text').value);
    $('raw-text').value = '';
  });

  if ($('user-id').value) {
    connect();
  }
})();
