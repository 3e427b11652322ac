import * as http from 'http';
import * as net from 'net';
import { AddressInfo } from 'net';

/**
 * An HTTP proxy stand-in on 127.0.0.1: CONNECT host:port opens a tunnel to
 * `route(host, port)` (default: the same address; tests point made-up API server names
 * at a fake API server on 127.0.0.1), and a plain request with an absolute URL is
 * forwarded. It records what it was asked and the Proxy-Authorization it got; with
 * `requireAuth` it answers 407 to a request without that value.
 */
export class FakeProxy {
  /** `CONNECT host:port` or `GET http://...`, in order. */
  public readonly requests: string[] = [];
  /** The Proxy-Authorization header of each request ('' when none). */
  public readonly authorizations: string[] = [];
  public requireAuth?: string;
  public route: (host: string, port: number) => { host: string; port: number } = (host, port) => ({ host, port });
  private server?: http.Server;
  private readonly sockets = new Set<net.Socket>();

  public get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.record(`${req.method} ${req.url}`, req);
      if (!this.authorized(req)) return void res.writeHead(407, { 'Proxy-Authenticate': 'Basic' }).end();
      const target = new URL(req.url ?? '');
      const to = this.route(target.hostname, Number(target.port || 80));
      const headers = { ...req.headers };
      delete headers['proxy-authorization'];
      const upstream = http.request({ host: to.host, port: to.port, method: req.method, path: target.pathname + target.search, headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    this.server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => undefined);
      this.record(`CONNECT ${req.url}`, req);
      if (!this.authorized(req)) return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      const m = /^(.*):(\d+)$/.exec(req.url ?? '');
      if (!m) return void client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      const to = this.route(m[1].replace(/^\[(.*)\]$/, '$1'), Number(m[2]));
      const upstream = net.connect(to.port, to.host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      this.sockets.add(upstream);
      upstream.on('close', () => this.sockets.delete(upstream));
      upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  private record(line: string, req: http.IncomingMessage): void {
    this.requests.push(line);
    this.authorizations.push(req.headers['proxy-authorization'] ?? '');
  }

  private authorized(req: http.IncomingMessage): boolean {
    return !this.requireAuth || req.headers['proxy-authorization'] === this.requireAuth;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.server?.closeAllConnections?.();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
