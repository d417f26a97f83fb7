import { note } from '../model/query';
import type { RepoSnapshot } from '../model/types';
import { notApplicable, Verdict } from '../model/verdict';
import type { Claim } from './claim';

const ID = 'PROOF-3';

/** `data-stack` -> `Data`: the concern of a stack file, as the stage tests name its stack. */
const concernOf = (base: string): string =>
  base
    .replace(/-stack$/, '')
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/** The snapshot file jest writes for a test file. */
const snapshotOf = (testFile: string): string => {
  const slash = testFile.lastIndexOf('/');
  return `${testFile.slice(0, slash)}/__snapshots__/${testFile.slice(slash + 1)}.snap`;
};

/**
 * The test that snapshots a stack's normalized template: `test/stage/<concern>.test.ts` first, else any
 * test file that names the concern, calls `normalizedTemplate` and `toMatchSnapshot`.
 */
function snapshotTest(repo: RepoSnapshot, base: string): string | undefined {
  const concern = concernOf(base);
  const own = `test/stage/${base.replace(/-stack$/, '')}.test.ts`;
  const tests = Object.keys(repo.content).filter((f) => /^test\/.*\.test\.ts$/.test(f));
  return [own, ...tests.filter((f) => f !== own)].find((f) => {
    const content = repo.content[f] ?? '';
    return (
      content.includes(`'${concern}'`) && /normalizedTemplate\(/.test(content) && /toMatchSnapshot\(/.test(content)
    );
  });
}

/** Every stack of lib/stacks has a snapshot test with its committed snapshot; the evidence says where. */
function checkStacks(repo: RepoSnapshot, v: Verdict): void {
  for (const stackFile of repo.files.filter((f) => /^lib\/stacks\/[a-z-]+-stack\.ts$/.test(f))) {
    const suite = snapshotTest(repo, stackFile.slice('lib/stacks/'.length, -'.ts'.length));
    const snapshot = suite && repo.files.includes(snapshotOf(suite)) ? snapshotOf(suite) : undefined;
    const where = `${suite ?? '(no suite)'} / ${snapshot ?? '(no snapshot)'}`;
    v.add(note('(repository)', stackFile, 'test', 'snapshot test / committed snapshot', where));
    v.want(!!suite && !!snapshot, `${stackFile} has no test suite with a committed snapshot`);
  }
}

export const proof3: Claim = {
  id: ID,
  promise: '',
  declared:
    'jest snapshot tests catch any change to the templates; fine-grained tests prove each claim; invalid ' +
    'configuration is refused at synth time with a message that names the field',
  check: (m) => {
    if (!m.repo) return notApplicable(ID, 'repository files were not given to the checker');
    const v = new Verdict(ID);
    checkStacks(m.repo, v);
    v.want(
      m.repo.files.some((f) => /^test\/config\/.*\.test\.ts$/.test(f)),
      'no test that invalid configuration is refused',
    );
    return v.done(
      'Every stack has fine-grained tests and a normalized snapshot; invalid configuration is refused at synth ' +
        'with a message naming the field (test/config).',
    );
  },
};
