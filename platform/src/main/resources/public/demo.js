// Herald demo page: connects with the official centrifuge SDK (vendored) and renders the three sample products.
'use strict';

(function () {
  const $ = (selector) => document.querySelector(selector);
  const jobs = new Map();
  const terminal = new Set(['job.finished', 'job.failed', 'job.convert.done', 'job.convert.failed']);
  let session = null;

  async function fetchSession() {
    for (;;) {
      const response = await fetch('/demo/session', {cache: 'no-store'});
      if (response.ok) {
        return response.json();
      }
      await new Promise((resolve) => setTimeout(resolve, 1000)); // the demo user may still be being created
    }
  }

  function setStatus(state, detail) {
    const status = $('#status');
    status.className = 'status ' + state;
    status.textContent = detail ? state + ' (' + detail + ')' : state;
  }

  function cell(row, text) {
    const td = document.createElement('td');
    td.textContent = text;
    row.appendChild(td);
  }

  function log(channel, offset, name, note) {
    const row = document.createElement('tr');
    if (note) {
      row.className = note;
    }
    cell(row, new Date().toLocaleTimeString());
    cell(row, channel);
    cell(row, offset === undefined || offset === null ? '—' : String(offset));
    cell(row, name);
    const body = $('#log tbody');
    body.insertBefore(row, body.firstChild);
    while (body.children.length > 200) {
      body.removeChild(body.lastChild);
    }
  }

  function job(guid) {
    let entry = jobs.get(guid);
    if (!entry) {
      const empty = $('#jobs .empty');
      if (empty) {
        empty.remove();
      }
      const element = document.createElement('div');
      element.className = 'job';
      element.id = 'job-' + guid;
      element.innerHTML = '<div class="label"><code></code><span class="state"></span></div>'
        + '<div class="bar"><div class="fill"></div></div>';
      element.querySelector('code').textContent = guid.substring(0, 8);
      $('#jobs').prepend(element);
      entry = {element: element, percent: 0};
      jobs.set(guid, entry);
    }
    return entry;
  }

  function showJob(event) {
    const entry = job(event.guid);
    let percent = entry.percent;
    if (event.event === 'job.progress' && event.total > 0) {
      percent = Math.round(100 * event.current / event.total);
    } else if (event.event === 'job.finished') {
      percent = 100;
    } else if (event.event === 'job.requeued' || event.event === 'job.created') {
      percent = 0;
    }
    entry.percent = percent;
    entry.element.classList.toggle('done', event.event === 'job.finished');
    entry.element.classList.toggle('failed', event.event === 'job.failed');
    entry.element.dataset.percent = String(percent);
    entry.element.dataset.status = event.status;
    entry.element.querySelector('.fill').style.width = percent + '%';
    entry.element.querySelector('.state').textContent = event.status + (terminal.has(event.event) ? '' : ' ' + percent + '%');
  }

  function toast(payload) {
    const element = document.createElement('div');
    element.className = 'toast';
    const title = document.createElement('strong');
    title.textContent = payload.title;
    element.appendChild(title);
    element.appendChild(document.createTextNode(payload.message));
    $('#toasts').appendChild(element);
    setTimeout(() => element.remove(), 8000);
  }

  function showOrder(event, offset) {
    const row = document.createElement('tr');
    cell(row, event.data.order_number || String(event.data.id));
    cell(row, event.data.status || Object.keys(event.data.changed_fields || {}).join(', '));
    cell(row, event.data.total === undefined ? '' : String(event.data.total));
    cell(row, offset === undefined ? '—' : String(offset));
    const body = $('#orders tbody');
    body.insertBefore(row, body.firstChild);
  }

  function onPublication(ctx) {
    const data = ctx.data || {};
    const name = data.event || data.type || '?';
    log(ctx.channel, ctx.offset, name + (data.guid ? ' ' + data.guid.substring(0, 8) : ''));
    if (data.version && data.guid) {
      showJob(data);
    } else if (data.type === 'notification' || data.type === 'alert') {
      toast(data.payload);
    } else if (typeof data.event === 'string' && data.event.startsWith('order:')) {
      showOrder(data, ctx.offset);
    }
  }

  function onSubscribed(ctx) {
    if (ctx.wasRecovering) {
      log(ctx.channel, ctx.streamPosition ? ctx.streamPosition.offset : null,
        ctx.recovered ? 'reconnected: missed events recovered' : 'reconnected: history not available', 'recovered');
    }
  }

  async function publish(sample) {
    const response = await fetch('/demo/publish/' + sample, {method: 'POST'});
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      toast({title: 'Publish failed', message: problem.detail || ('HTTP ' + response.status)});
    }
  }

  async function start() {
    session = await fetchSession();
    $('#user').textContent = session.user;
    $('#tenant').textContent = session.tenant;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const centrifuge = new Centrifuge(scheme + '://' + location.host + '/connection/websocket', {
      token: session.token,
      getToken: async () => (await fetchSession()).token,
      minReconnectDelay: 500,
      maxReconnectDelay: 3000
    });
    centrifuge.on('connecting', (ctx) => setStatus('connecting', ctx.reason));
    centrifuge.on('connected', () => setStatus('connected'));
    centrifuge.on('disconnected', (ctx) => setStatus('disconnected', ctx.reason));
    centrifuge.on('publication', onPublication); // personal channels, joined by the server on connect
    centrifuge.on('subscribed', onSubscribed);
    const orders = centrifuge.newSubscription('order_changes');
    orders.on('publication', onPublication);
    orders.on('subscribed', onSubscribed);
    orders.subscribe();
    centrifuge.connect();
    window.heraldDemo = {centrifuge: centrifuge, session: session};
  }

  $('#publish-export').addEventListener('click', () => publish('export'));
  $('#publish-notification').addEventListener('click', () => publish('notification'));
  $('#publish-order').addEventListener('click', () => publish('order'));
  start().catch((error) => setStatus('disconnected', String(error)));
})();
