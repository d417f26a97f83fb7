// CloudWatch Synthetics canary (DET-5): loads each page of TARGET_URLS (a JSON
// array) in the runtime's Chromium, one step per page, and fails the step on a
// network error or an HTTP status of 400 or more. Synthetics records one
// SuccessPercent data point per run; the status alarm watches it.
// Shipped inline (Code.fromInline), so it must stay a single CommonJS file that
// needs only the modules of the syn-nodejs-puppeteer runtime.
const synthetics = require('Synthetics');

/** Milliseconds a page may take to reach DOMContentLoaded. */
const PAGE_TIMEOUT_MS = 30000;

function targets() {
  const urls = JSON.parse(process.env.TARGET_URLS || '[]');
  if (!Array.isArray(urls) || urls.length === 0)
    throw new Error('TARGET_URLS must be a non-empty JSON array of https URLs');
  for (const url of urls) {
    if (!/^https:\/\//.test(url)) throw new Error(`refusing a non-https target: ${url}`);
  }
  return urls;
}

async function checkPage(page, url) {
  const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: PAGE_TIMEOUT_MS });
  if (!response) throw new Error(`${url}: no response`);
  const status = response.status();
  if (status >= 400) throw new Error(`${url}: HTTP ${status}`);
  return status;
}

exports.handler = async () => {
  const urls = targets();
  const page = await synthetics.getPage();
  for (const url of urls) {
    const { host, pathname } = new URL(url);
    await synthetics.executeStep(`${host}${pathname}`.replace(/[^A-Za-z0-9._/-]/g, '_'), () => checkPage(page, url));
  }
};
exports.checkPage = checkPage;
exports.targets = targets;
