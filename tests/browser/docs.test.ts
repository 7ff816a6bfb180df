// The interactive docs as a person sees them: /docs in headless Chromium, rendered from local
// assets only, listing every operation of the spec.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser } from 'playwright-core';
import { startService, type TestService } from '../support/app.js';
import { loadSpec, operationsOf } from '../harness/spec.js';

let service: TestService;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  service = await startService();
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(service.app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await service?.close();
});

describe('/docs', () => {
  it('renders every operation, loading nothing from outside the server', async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(baseUrl) && !request.url().startsWith('data:')) {
        foreign.push(request.url());
      }
    });
    await page.goto(`${baseUrl}/docs`);
    await page.waitForSelector('.opblock-summary-path', { timeout: 30_000 });
    const rendered = await page.$$eval('.opblock', (blocks) =>
      blocks.map((block) => {
        const method = block.querySelector('.opblock-summary-method')?.textContent?.trim() ?? '';
        const path = block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
        return `${method.toUpperCase()} ${path}`;
      }),
    );
    const documented = operationsOf(loadSpec()).map((op) => `${op.method} ${op.path}`);
    expect([...rendered].sort()).toEqual([...documented].sort());
    expect(await page.title()).toMatch(/Swagger UI|Conduit/);
    expect(foreign).toEqual([]);
  });

  it('serves the bundled spec as JSON and YAML', async () => {
    const json = await fetch(`${baseUrl}/openapi.json`);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json.json()).toEqual(loadSpec());
    const yaml = await fetch(`${baseUrl}/openapi.yaml`);
    expect(yaml.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(await yaml.text()).toMatch(/^openapi: 3\.1\.0\n/);
  });
});
