/**
 * A small QMP client. QEMU connects to a unix socket we listen on (QEMU's
 * client mode: the connection is up before the guest runs, no retry loop).
 */
import * as net from 'net';

export class Qmp {
  private socket: net.Socket | undefined;
  private buffered = '';
  private waiting: Array<{ resolve: (v: unknown) => void; reject: (e: Error) => void }> = [];
  private ready: Promise<void>;
  private readonly server: net.Server;

  constructor(path: string) {
    this.server = net.createServer();
    this.ready = new Promise((resolve, reject) => {
      this.server.once('connection', (socket) => {
        this.socket = socket;
        socket.setEncoding('utf8');
        socket.on('data', (text: string) => this.receive(text));
        socket.on('error', () => this.fail(new Error('QMP connection lost')));
        socket.on('close', () => this.fail(new Error('QMP connection closed')));
        // The greeting comes first; it is answered with capabilities negotiation.
        this.waiting.push({ resolve: () => resolve(), reject });
      });
    });
    this.server.listen(path);
  }

  /** Resolves once the socket exists, so QEMU can be started. */
  listening(): Promise<void> {
    return listening(this.server);
  }

  private receive(text: string): void {
    this.buffered += text;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, nl).trim();
      this.buffered = this.buffered.slice(nl + 1);
      if (!line) continue;
      const msg = JSON.parse(line) as { event?: string; error?: { desc: string }; return?: unknown };
      if (msg.event) continue;
      const waiter = this.waiting.shift();
      if (!waiter) continue;
      if (msg.error) waiter.reject(new Error(msg.error.desc));
      else waiter.resolve(msg.return);
    }
  }

  private fail(err: Error): void {
    for (const w of this.waiting.splice(0)) w.reject(err);
  }

  async execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    await this.ready;
    if (!this.socket) throw new Error('QMP not connected');
    const reply = new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.socket.write(`${JSON.stringify(args ? { execute: command, arguments: args } : { execute: command })}\n`);
    return reply;
  }

  /** Negotiates capabilities; call once before other commands. */
  async start(): Promise<void> {
    await this.execute('qmp_capabilities');
  }

  close(): void {
    this.socket?.destroy();
    this.server.close();
  }
}

export function listening(server: net.Server): Promise<void> {
  if (server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
}
