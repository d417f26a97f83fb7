import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../helpers';

// bin/app.ts as the CLI runs it: context arrives in CDK_CONTEXT_JSON, output goes to CDK_OUTDIR.
function runApp(config: string): { status: number | null; stderr: string; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bin-'));
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['bin/app.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ config }), CDK_OUTDIR: outdir },
  });
  return { status: r.status, stderr: r.stderr, outdir };
}

describe('PROOF-3 bin/app.ts refuses a bad config before building anything', () => {
  test('exit code 1, every problem named, no template written', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    const file = path.join(dir, 'bad.json');
    const c = JSON.parse(fs.readFileSync(path.join(ROOT, 'config', 'example.json'), 'utf8'));
    fs.writeFileSync(
      file,
      JSON.stringify({ ...c, operatorCidrs: ['0.0.0.0/0'], backupRegion: 'eu-west-3', primaryRegon: 'x' }),
    );
    const r = runApp(file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Invalid stage config ${file} (3 problems)`);
    expect(r.stderr).toMatch(/^- operatorCidrs\[0\]: /m);
    expect(r.stderr).toMatch(/^- backupRegion: /m);
    expect(r.stderr).toMatch(/^- primaryRegon: unknown key/m);
    expect(fs.readdirSync(r.outdir)).toEqual([]);
  });
});
