/**
 * The I/O half of external negotiators (the pure half is negotiators/external.ts): a channel to a
 * peer that speaks the protocol's JSON messages, over one of two transports carrying the same
 * messages: a child process (one message per line on its stdin and stdout), or a WebSocket server
 * the negotiator runs (`external:ws://host:port/path`: Lancaster connects as a client, one message
 * per text frame). Negotiators are called synchronously, so the peer is owned by a small worker
 * thread that does the asynchronous I/O; the calling thread posts a message and blocks on
 * `Atomics.wait` until the worker has the answer, the peer is gone (the process exited, the
 * connection closed), or the time is up, and then reads the answer with `receiveMessageOnPort`.
 * That gives a real deadline: a peer that does not answer within its budget is cut off (the
 * process killed with SIGKILL, the connection terminated) and the session records ACTION_TIMEOUT,
 * where a negotiator in this thread could only be timed after the fact. The protocol handling
 * (one answer per request, the deadline, the size limit, what a lost peer means) is shared; a
 * transport only starts, writes, ends and kills, and reports what it receives and when it is
 * gone. The worker is started from source text (`eval`), so it needs no file of its own in
 * `dist/` or `bundle/` and works from worker threads too (tournaments, the server's software seats).
 *
 * Importing this module installs the channel factory (the session runner imports it).
 * `LANCASTER_EXTERNAL_LOG=<file>` appends every message crossing the boundary to that file, as
 * JSON lines `{pid, dir: "in"|"out", line}`, for debugging a client (and for the privacy test).
 */
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  type ExternalChannel,
  ExternalFailure,
  isWebSocketUrl,
  setExternalChannelFactory,
} from '../negotiators/external.ts';

/** The longest message a peer may send (characters of a line, bytes of a frame); longer is INVALID_ACTION. */
export const MAX_EXTERNAL_LINE = 4 * 1024 * 1024;

/** Extra time the calling thread waits beyond the worker's own deadline before giving up on it. */
const WORKER_GRACE_MS = 2000;

// The worker: plain JavaScript (CommonJS, as `eval` workers are), no imports from the project
// (the `ws` package is required by the absolute path the calling thread resolved).
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, flag, command, url, wsModule, maxLine } = workerData;
const signal = new Int32Array(flag);
// gone: null while the peer is there, else a function saying why it is not.
let transport = null, gone = null, queue = [], waiting = null, overflow = false;
function answer(m) { port.postMessage(m); Atomics.store(signal, 0, 1); Atomics.notify(signal, 0); }
function settle(m) { if (!waiting) return; clearTimeout(waiting.timer); waiting = null; answer(m); }
function received(line) {
  if (line.trim() === '') return;
  if (waiting) settle({ ok: true, line }); else queue.push(line);
}
function tooLong() {
  if (overflow) return;
  overflow = true;
  settle({ ok: false, code: 'INVALID_ACTION', message: 'sent a message longer than ' + maxLine + ' characters' });
  transport.kill();
}
// The peer cannot be used any more: at once (it never started), or a moment later (so the last
// of a process's stderr is in the message).
function fail(text) { if (gone === null) gone = () => text; settle({ ok: false, code: 'NEGOTIATOR_THREW', message: text }); }
function lost(describe) {
  if (gone === null) gone = describe;
  setTimeout(() => settle({ ok: false, code: 'NEGOTIATOR_THREW', message: gone() }), 20);
}

function processTransport() {
  const { spawn } = require('node:child_process');
  let child = null, exited = null, stderrTail = '', pending = '';
  const exitText = () => {
    const how = exited.signal ? 'was killed by ' + exited.signal : 'exited with code ' + exited.code;
    const err = stderrTail.trim();
    return how + (err ? '; its stderr ends: ' + err.slice(-600) : '');
  };
  return {
    stopped: 'the process was stopped',
    start() {
      try {
        child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
      } catch (e) { exited = { code: null, signal: null }; stderrTail = String(e && e.message || e); gone = exitText; return; }
      child.on('error', (e) => {
        stderrTail += String(e && e.message || e);
        if (exited === null) exited = { code: null, signal: null };
        fail('could not run ' + JSON.stringify(command.join(' ')) + ': ' + (e && e.message || e));
      });
      child.stdin.on('error', () => {});
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (d) => { stderrTail = (stderrTail + d).slice(-4000); });
      child.stdout.on('data', (d) => {
        pending += d;
        let nl;
        while ((nl = pending.indexOf('\\n')) >= 0) {
          const line = pending.slice(0, nl).replace(/\\r$/, '');
          pending = pending.slice(nl + 1);
          received(line);
        }
        if (pending.length > maxLine) tooLong();
      });
      child.on('exit', (code, sig) => { exited = { code, signal: sig }; lost(exitText); });
    },
    write(line) { try { child.stdin.write(line + '\\n'); } catch {} },
    end() { try { if (child) child.stdin.end(); } catch {} },
    kill() { if (child && exited === null) { try { child.kill('SIGKILL'); } catch {} } },
  };
}

function webSocketTransport() {
  const WebSocket = require(wsModule);
  let ws = null, outbox = [];
  return {
    stopped: 'the connection was closed',
    start() {
      try {
        ws = new WebSocket(url, { maxPayload: maxLine, handshakeTimeout: 60000 });
      } catch (e) { gone = () => 'could not connect to ' + url + ': ' + (e && e.message || e); return; }
      ws.on('open', () => { for (const line of outbox) ws.send(line); outbox = []; });
      ws.on('message', (data) => received(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat([].concat(data)).toString('utf8')));
      ws.on('error', (e) => {
        if (e && e.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') tooLong();
        else if (ws.readyState !== WebSocket.OPEN && gone === null && !overflow) fail('could not connect to ' + url + ': ' + (e && e.message || e));
      });
      ws.on('close', (code, reason) => {
        const why = String(reason || '');
        lost(() => 'closed the connection (' + url + ', code ' + code + (why ? ': ' + why : '') + ')');
      });
    },
    write(line) {
      if (!ws) return;
      if (ws.readyState === WebSocket.CONNECTING) outbox.push(line);
      else if (ws.readyState === WebSocket.OPEN) { try { ws.send(line); } catch {} }
    },
    end() { try { if (ws && ws.readyState === WebSocket.OPEN) ws.close(1000, 'session over'); } catch {} },
    kill() { try { if (ws) ws.terminate(); } catch {} },
  };
}

port.on('message', (m) => {
  if (m.kind === 'close') {
    if (transport) transport.end();
    setTimeout(() => { if (transport) transport.kill(); port.close(); }, 300);
    return;
  }
  if (transport === null) { transport = url ? webSocketTransport() : processTransport(); transport.start(); }
  if (gone !== null && queue.length === 0) {
    if (m.kind === 'request') answer({ ok: false, code: 'NEGOTIATOR_THREW', message: gone() });
    return;
  }
  transport.write(m.line);
  if (m.kind !== 'request') return;
  if (queue.length > 0) { answer({ ok: true, line: queue.shift() }); return; }
  waiting = { timer: setTimeout(() => {
    settle({ ok: false, code: 'ACTION_TIMEOUT', message: 'did not answer within ' + m.timeoutMs + ' ms; ' + transport.stopped });
    transport.kill();
  }, m.timeoutMs) };
});
`;

interface WorkerAnswer {
  readonly ok: boolean;
  readonly line?: string;
  readonly code?: ExternalFailure['code'];
  readonly message?: string;
}

let logFile: string | undefined = process.env.LANCASTER_EXTERNAL_LOG;

/** Where the traffic log goes (tests set it; the environment variable is read at load). */
export function setExternalLog(file: string | undefined): void {
  logFile = file;
}

let nextId = 0;

/**
 * A channel to a new peer: a child process running `command`, or, when `command` is a single
 * `ws://` or `wss://` URL, a WebSocket connection to it. The process starts (the connection opens)
 * with the first message sent.
 *
 * @example
 * const ch = externalChannel(['python3', 'agent.py']); // or externalChannel(['ws://127.0.0.1:8765/agent'])
 * const ready = ch.request(JSON.stringify(setup), 60_000);
 */
export function externalChannel(command: readonly string[]): ExternalChannel {
  const url = command.length === 1 && isWebSocketUrl(command[0] as string) ? (command[0] as string) : null;
  const what = url ? 'the connection was closed' : 'the process was stopped';
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  const signal = new Int32Array(flag);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      port: port2,
      flag,
      command: [...command],
      url,
      wsModule: url ? createRequire(import.meta.url).resolve('ws') : null,
      maxLine: MAX_EXTERNAL_LINE,
    },
    transferList: [port2],
    stdout: false,
    stderr: false,
  });
  worker.unref();
  worker.on('error', () => {}); // reported to the waiting caller as a timeout at worst
  const id = ++nextId;
  let closed = false;
  const log = (dir: 'in' | 'out', line: string) => {
    if (logFile) appendFileSync(logFile, `${JSON.stringify({ pid: `${process.pid}.${id}`, dir, line })}\n`);
  };
  const post = (m: object) => (port1 as MessagePort).postMessage(m);
  return {
    request(line: string, timeoutMs: number): string {
      if (closed) throw new ExternalFailure('NEGOTIATOR_THREW', `already cut off: ${what}`);
      Atomics.store(signal, 0, 0);
      log('out', line);
      post({ kind: 'request', line, timeoutMs });
      const r = Atomics.wait(signal, 0, 0, timeoutMs + WORKER_GRACE_MS);
      const got = receiveMessageOnPort(port1);
      if (r === 'timed-out' || !got) {
        this.close();
        throw new ExternalFailure('ACTION_TIMEOUT', `did not answer within ${timeoutMs} ms; ${what}`);
      }
      const a = got.message as WorkerAnswer;
      if (!a.ok) throw new ExternalFailure(a.code ?? 'NEGOTIATOR_THREW', a.message ?? 'failed');
      log('in', a.line as string);
      return a.line as string;
    },
    send(line: string): void {
      if (closed) return;
      log('out', line);
      post({ kind: 'send', line });
    },
    close(): void {
      if (closed) return;
      closed = true;
      post({ kind: 'close' });
      port1.close();
      // The worker ends the peer on 'close'; the thread itself ends when its port closes.
      setTimeout(() => void worker.terminate(), 1000).unref();
    },
  };
}

/** The name this module had when it spoke to processes only. */
export const processChannel = externalChannel;

setExternalChannelFactory(externalChannel);
