/**
 * The process half of external negotiators (the pure half is negotiators/external.ts): a channel
 * to a child process that speaks JSON lines on its stdin and stdout. Negotiators are called
 * synchronously, so the child is owned by a small worker thread that does the asynchronous I/O;
 * the calling thread posts a line and blocks on `Atomics.wait` until the worker has the answer,
 * the child has exited, or the time is up, and then reads the answer with `receiveMessageOnPort`.
 * That gives a real deadline: a process that does not answer within its budget is killed
 * (SIGKILL) and the session records ACTION_TIMEOUT, where a negotiator in this thread could only
 * be timed after the fact. The worker is started from source text (`eval`), so it needs no file of
 * its own in `dist/` and works from worker threads too (tournaments, the server's software seats).
 *
 * Importing this module installs the channel factory (the session runner imports it).
 * `LANCASTER_EXTERNAL_LOG=<file>` appends every line crossing the boundary to that file, as JSON
 * lines `{pid, dir: "in"|"out", line}`, for debugging a client (and for the privacy test).
 */
import { appendFileSync } from 'node:fs';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { type ExternalChannel, ExternalFailure, setExternalChannelFactory } from '../negotiators/external.ts';

/** The longest line a process may send (bytes of UTF-16 text); longer is INVALID_ACTION. */
export const MAX_EXTERNAL_LINE = 4 * 1024 * 1024;

/** Extra time the calling thread waits beyond the worker's own deadline before giving up on it. */
const WORKER_GRACE_MS = 2000;

// The worker: plain JavaScript (CommonJS, as `eval` workers are), no imports from the project.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { port, flag, command, maxLine } = workerData;
const signal = new Int32Array(flag);
let child = null, exited = null, stderrTail = '', pending = '', queue = [], waiting = null, overflow = false;
function answer(m) { port.postMessage(m); Atomics.store(signal, 0, 1); Atomics.notify(signal, 0); }
function exitText() {
  const how = exited.signal ? 'was killed by ' + exited.signal : 'exited with code ' + exited.code;
  const err = stderrTail.trim();
  return how + (err ? '; its stderr ends: ' + err.slice(-600) : '');
}
function settle(m) { if (!waiting) return; clearTimeout(waiting.timer); waiting = null; answer(m); }
function kill() { if (child && exited === null) { try { child.kill('SIGKILL'); } catch {} } }
function start() {
  try {
    child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) { exited = { code: null, signal: null }; stderrTail = String(e && e.message || e); return; }
  child.on('error', (e) => { stderrTail += String(e && e.message || e); if (exited === null) exited = { code: null, signal: null }; settle({ ok: false, code: 'NEGOTIATOR_THREW', message: 'could not run ' + JSON.stringify(command.join(' ')) + ': ' + (e && e.message || e) }); });
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
      if (line.trim() === '') continue;
      if (waiting) settle({ ok: true, line }); else queue.push(line);
    }
    if (pending.length > maxLine && !overflow) {
      overflow = true;
      settle({ ok: false, code: 'INVALID_ACTION', message: 'sent a line longer than ' + maxLine + ' characters' });
      kill();
    }
  });
  child.on('exit', (code, sig) => {
    exited = { code, signal: sig };
    setTimeout(() => settle({ ok: false, code: 'NEGOTIATOR_THREW', message: exitText() }), 20);
  });
}
port.on('message', (m) => {
  if (m.kind === 'close') {
    try { if (child) child.stdin.end(); } catch {}
    setTimeout(() => { kill(); port.close(); }, 300);
    return;
  }
  if (child === null && exited === null) start();
  if (exited !== null && queue.length === 0) {
    if (m.kind === 'request') answer({ ok: false, code: 'NEGOTIATOR_THREW', message: exitText() });
    return;
  }
  try { child.stdin.write(m.line + '\\n'); } catch {}
  if (m.kind !== 'request') return;
  if (queue.length > 0) { answer({ ok: true, line: queue.shift() }); return; }
  waiting = { timer: setTimeout(() => {
    settle({ ok: false, code: 'ACTION_TIMEOUT', message: 'did not answer within ' + m.timeoutMs + ' ms; the process was stopped' });
    kill();
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
 * A channel to a new child process running `command`; the process starts with the first line sent.
 *
 * @example
 * const ch = processChannel(['python3', 'agent.py']);
 * const ready = ch.request(JSON.stringify(setup), 60_000);
 */
export function processChannel(command: readonly string[]): ExternalChannel {
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  const signal = new Int32Array(flag);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { port: port2, flag, command: [...command], maxLine: MAX_EXTERNAL_LINE },
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
      if (closed) throw new ExternalFailure('NEGOTIATOR_THREW', 'the process was already stopped');
      Atomics.store(signal, 0, 0);
      log('out', line);
      post({ kind: 'request', line, timeoutMs });
      const r = Atomics.wait(signal, 0, 0, timeoutMs + WORKER_GRACE_MS);
      const got = receiveMessageOnPort(port1);
      if (r === 'timed-out' || !got) {
        this.close();
        throw new ExternalFailure(
          'ACTION_TIMEOUT',
          `did not answer within ${timeoutMs} ms; the process was stopped`,
        );
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
      // The worker kills the child on 'close'; the thread itself ends when its port closes.
      setTimeout(() => void worker.terminate(), 1000).unref();
    },
  };
}

setExternalChannelFactory(processChannel);
