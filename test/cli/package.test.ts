import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/import-env.js';
import { projectRoot, runCommand } from '../support/run-cli.js';

describe('the npm package', () => {
  it('packs the demo fixtures and a LICENSE matching package.json, and `ccbulk demo` runs from the unpacked tarball in an empty folder', async () => {
    const packDir = tempDir();
    // dist/ is built by the global setup; --ignore-scripts skips the `prepare` build.
    const pack = await runCommand('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], { timeoutMs: 60_000 });
    expect(pack.code, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    for (const wanted of ['dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'fixtures/contacts.csv', 'fixtures/dnc.csv', 'LICENSE', 'README.md', 'package.json', 'src/ui/static/index.html']) {
      expect(files).toContain(wanted);
    }
    // The web UI's front end ships as it is (plain modules, no build step); no other source does.
    expect(files.some((f) => f.startsWith('test/') || (f.startsWith('src/') && !f.startsWith('src/ui/static/')))).toBe(false);
    const manifest = JSON.parse(readFileSync(`${projectRoot}package.json`, 'utf8')) as { license: string };
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(`${projectRoot}LICENSE`, 'utf8')).toMatch(/^MIT License\n/);

    // Unpacked as npm would install it; its dependencies are the project's own install (this
    // machine cannot reach the registry), found through a node_modules beside the package.
    const installed = tempDir();
    const run = await runCommand('tar', ['-xzf', path.join(packDir, info!.filename), '-C', installed]);
    expect(run.code).toBe(0);
    symlinkSync(path.join(projectRoot, 'node_modules'), path.join(installed, 'package', 'node_modules'), 'dir');
    const empty = tempDir();
    mkdirSync(path.join(empty, 'work'));
    const demo = await runCommand(process.execPath, [path.join(installed, 'package', 'dist', 'cli.js'), 'demo', '--json', '--out', 'out'], {
      cwd: path.join(empty, 'work'),
      timeoutMs: 90_000,
    });
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    const summaries = JSON.parse(demo.stdout) as Record<string, { rows: number; succeeded: number }>;
    expect(summaries.addressBook).toMatchObject({ rows: 200, succeeded: 185 });
  }, 120_000);
});
