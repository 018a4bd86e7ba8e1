import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Service {
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[]; interval?: string };
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
  image?: string;
  deploy?: { replicas?: unknown };
}

// No Docker engine runs where the tests run, so the file is checked as data.
const compose = parse(await readFile(new URL('../docker-compose.yml', import.meta.url), 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};

describe('docker-compose.yml', () => {
  const { ingestor, server } = compose.services;

  it('builds both services from the repository', () => {
    expect(ingestor?.build).toBe('.');
    expect(server?.build).toBe('.');
  });

  it('publishes the line socket and the dashboard on loopback', () => {
    expect(ingestor?.ports).toContain('127.0.0.1:5554:5554');
    expect(server?.ports).toContain('127.0.0.1:3000:3000');
  });

  it('wires the server to the ingestor and waits for it to be healthy', () => {
    expect(server?.command).toContain('--source=tcp://ingestor:5554');
    expect(server?.command).toContain('--control=http://ingestor:5555/');
    expect(server?.depends_on?.ingestor?.condition).toBe('service_healthy');
  });

  it('checks health over the real endpoints', () => {
    expect(ingestor?.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:5555/status');
    expect(server?.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:3000/api/health');
  });

  it('passes the X token through and requires the admin token', () => {
    expect(ingestor?.environment?.X_BEARER_TOKEN).toBe('${X_BEARER_TOKEN:-}');
    for (const s of [ingestor, server])
      expect(s?.environment?.TAGSTREAM_ADMIN_TOKEN).toMatch(/^\$\{TAGSTREAM_ADMIN_TOKEN:\?/);
  });

  it('keeps recordings and checkpoints on a volume', () => {
    expect(Object.keys(compose.volumes)).toContain('tagstream-data');
    expect(server?.volumes).toContain('tagstream-data:/data');
    expect(ingestor?.volumes).toContain('tagstream-data:/data');
    expect(server?.environment?.TAGSTREAM_CHECKPOINT_DIR).toBe('/data/checkpoints');
  });

  it('runs commands the CLI knows', () => {
    expect(ingestor?.command?.slice(0, 2)).toEqual(['ingest', 'replay']);
    expect(server?.command?.[0]).toBe('serve');
  });

  describe('the scale profile (Redis, workers, web nodes, a load balancer)', () => {
    const { redis, worker, web, lb } = compose.services;
    const scale = ['redis', 'ingest-redis', 'worker', 'web', 'lb'];

    it('is a profile: a plain `docker compose up` runs the single process as before', () => {
      for (const name of scale) expect(compose.services[name]?.profiles, name).toEqual(['scale']);
      expect(ingestor?.profiles).toBeUndefined();
      expect(server?.profiles).toBeUndefined();
    });

    it('runs redis:7 with AOF on and a health check, and the others wait for it', () => {
      expect(redis?.image).toBe('redis:7');
      expect(redis?.command).toEqual(['redis-server', '--appendonly', 'yes']);
      expect(redis?.healthcheck?.test).toContain('redis-cli');
      for (const name of ['ingest-redis', 'worker', 'web'])
        expect(compose.services[name]?.depends_on?.redis?.condition, name).toBe('service_healthy');
    });

    it('runs N workers and M web nodes on the same Redis, with commands the CLI knows', () => {
      expect(compose.services['ingest-redis']?.command).toContain('--redis=redis://redis:6379');
      expect(worker?.command).toEqual(['work', '--redis=redis://redis:6379']);
      expect(web?.command?.slice(0, 2)).toEqual(['serve', '--redis=redis://redis:6379']);
      expect(worker?.deploy?.replicas).toBe('${WORKERS:-2}');
      expect(web?.deploy?.replicas).toBe('${WEB_NODES:-2}');
      expect(web?.environment?.TAGSTREAM_ADMIN_TOKEN).toMatch(/^\$\{TAGSTREAM_ADMIN_TOKEN:\?/);
    });

    it('puts a load balancer that passes WebSocket upgrades and the Host in front of the web nodes', async () => {
      expect(lb?.ports).toContain('127.0.0.1:8080:8080');
      const mount = lb?.volumes?.find((v) => v.includes('nginx'));
      expect(mount).toBe('./docker/nginx-scale.conf:/etc/nginx/conf.d/default.conf:ro');
      const conf = await readFile(new URL('../docker/nginx-scale.conf', import.meta.url), 'utf8');
      expect(conf).toMatch(/server web:3000/);
      expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
      expect(conf).toMatch(/proxy_set_header Host \$http_host/);
    });
  });
});
