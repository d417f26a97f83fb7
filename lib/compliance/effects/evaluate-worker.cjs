// PROOF-5: runs @cloud-copilot/iam-simulate (AGPL-3.0, a dev dependency: used by the compliance tooling and the
// tests, never deployed) over a batch of requests. Its API is asynchronous and the claim checks are not, so
// lib/compliance/effects/evaluate.ts starts this script as a child process and waits for it. Reads
// { identityPolicies, resourcePolicies: [{ trust, policy }], requests } as JSON on stdin (or from the file named
// by its argument), writes one result per request on stdout. A large batch is split in two, the second half
// evaluated by a copy of this script on the other core: the evaluator is CPU-bound.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runSimulation } = require('@cloud-copilot/iam-simulate');
// The policy parser iam-simulate itself depends on, resolved from its own folder.
const { createValidatedPolicy, validateIdentityPolicy, validateResourcePolicy, validateTrustPolicy } = require(
  require.resolve('@cloud-copilot/iam-policy', {
    paths: [path.dirname(require.resolve('@cloud-copilot/iam-simulate'))],
  }),
);

/** Requests above which half the batch goes to a second process. */
const SPLIT_ABOVE = 150;

async function readInput() {
  if (process.argv[2]) return fs.readFileSync(process.argv[2], 'utf8');
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  return input;
}

/** Evaluates part of a batch in a copy of this script, from a temporary file (its input never waits on us). */
function evaluateElsewhere(batch, requests) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'proof5-')), 'batch.json');
  fs.writeFileSync(file, JSON.stringify({ ...batch, requests }));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      if (code === 0) resolve(JSON.parse(out));
      else reject(new Error(`the second evaluator exited with ${code}`));
    });
  });
}

async function evaluate(batch, requests) {
  // Each distinct policy is validated once, then reused by every request that names it.
  const identity = batch.identityPolicies.map((p) => createValidatedPolicy(p, validateIdentityPolicy));
  const resource = batch.resourcePolicies.map((p) =>
    createValidatedPolicy(p.policy, p.trust ? validateTrustPolicy : validateResourcePolicy),
  );
  const results = [];
  for (const r of requests) {
    const response = await runSimulation(
      {
        request: {
          principal: r.principal,
          action: r.action,
          resource: { resource: r.resource, accountId: r.resourceAccount },
          contextVariables: r.context,
        },
        identityPolicies: r.identityPolicies.map((i) => ({ name: `policy${i}`, policy: identity[i] })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: r.resourcePolicy === undefined ? undefined : resource[r.resourcePolicy],
      },
      {},
    );
    if (response.resultType === 'error') {
      results.push({ decision: 'Error', ignoredContextKeys: [], error: JSON.stringify(response.errors) });
      continue;
    }
    const ignored =
      response.resultType === 'single'
        ? (response.result.ignoredContextKeys ?? [])
        : response.results.flatMap((x) => x.ignoredContextKeys ?? []);
    results.push({ decision: response.overallResult, ignoredContextKeys: [...new Set(ignored)] });
  }
  return results;
}

async function main() {
  const batch = JSON.parse(await readInput());
  const { requests } = batch;
  const split = !process.argv[2] && requests.length > SPLIT_ABOVE ? Math.ceil(requests.length / 2) : requests.length;
  const theirs = split < requests.length ? evaluateElsewhere(batch, requests.slice(split)) : Promise.resolve([]);
  const mine = await evaluate(batch, requests.slice(0, split));
  process.stdout.write(JSON.stringify([...mine, ...(await theirs)]));
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(1);
});
