/** The canary script runs in the Synthetics runtime; here its `Synthetics` module is a stand-in. */
const steps: string[] = [];
const page = { goto: jest.fn() };
jest.mock(
  'Synthetics',
  () => ({
    getPage: async () => page,
    executeStep: async (name: string, fn: () => Promise<unknown>) => {
      steps.push(name);
      return fn();
    },
  }),
  { virtual: true },
);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const canary = require('../../lib/functions/canary/index.js');

const response = (status: number) => ({ status: () => status });

beforeEach(() => {
  steps.length = 0;
  page.goto.mockReset();
});

describe('DET-5 status canary script', () => {
  test('loads every target URL as its own step', async () => {
    process.env.TARGET_URLS = JSON.stringify(['https://example.com/', 'https://example.org/login']);
    page.goto.mockResolvedValue(response(200));
    await canary.handler();
    expect(steps).toEqual(['example.com/', 'example.org/login']);
    expect(page.goto).toHaveBeenCalledWith(
      'https://example.com/',
      expect.objectContaining({ waitUntil: 'domcontentloaded' }),
    );
  });

  test('an HTTP error status fails the run, naming the URL and status', async () => {
    process.env.TARGET_URLS = JSON.stringify(['https://example.com/login']);
    page.goto.mockResolvedValue(response(503));
    await expect(canary.handler()).rejects.toThrow('https://example.com/login: HTTP 503');
  });

  test('a redirect that ends in 200 passes; no response fails', async () => {
    await expect(canary.checkPage({ goto: async () => response(200) }, 'https://a.example/')).resolves.toBe(200);
    await expect(canary.checkPage({ goto: async () => null }, 'https://a.example/')).rejects.toThrow('no response');
  });

  test('refuses a missing target list and non-https targets', () => {
    delete process.env.TARGET_URLS;
    expect(() => canary.targets()).toThrow(/non-empty JSON array/);
    process.env.TARGET_URLS = JSON.stringify(['http://example.com/']);
    expect(() => canary.targets()).toThrow(/non-https/);
  });
});
