import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cfnLintVersion } from '../../lib/compliance/cfn-lint';

/** GIVEN a fake cfn-lint on PATH that counts its runs, in a fresh root whose cache is empty. */
function fakeCfnLint(version: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-cfn-lint-'));
  const runs = path.join(dir, 'runs');
  const exe = path.join(dir, 'cfn-lint');
  fs.writeFileSync(exe, `#!/bin/sh\necho run >> "${runs}"\necho "cfn-lint ${version}"\n`, { mode: 0o755 });
  const count = () => (fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8').split('\n').filter(Boolean).length : 0);
  return { dir, exe, count };
}

describe('PROOF-1 cfn-lint version: asked once per installed executable', () => {
  const savedPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  test('the second call reads the cached answer; a reinstalled cfn-lint is asked again', () => {
    const fake = fakeCfnLint('1.0.0');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'root-'));
    process.env.PATH = `${fake.dir}${path.delimiter}${savedPath}`;
    expect(cfnLintVersion(root)).toBe('cfn-lint 1.0.0\n');
    expect(cfnLintVersion(root)).toBe('cfn-lint 1.0.0\n');
    expect(fake.count()).toBe(1);
    fs.writeFileSync(fake.exe, fs.readFileSync(fake.exe, 'utf8').replace('1.0.0', '1.0.10'));
    expect(cfnLintVersion(root)).toBe('cfn-lint 1.0.10\n');
    expect(fake.count()).toBe(2);
  });

  test('no cfn-lint on PATH: undefined (the callers then name the install command)', () => {
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), 'empty-'));
    expect(cfnLintVersion(fs.mkdtempSync(path.join(os.tmpdir(), 'root-')))).toBeUndefined();
  });
});
