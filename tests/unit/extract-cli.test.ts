// The command-line extractor as the scorer runs it: JSON Lines on stdout, errors on stderr, exit code.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SEED = resolve(ROOT, 'assets/demo/seed-roscosmos.html');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

function run(...files: string[]) {
  return spawnSync(TSX, ['scripts/extract.ts', ...files], { cwd: ROOT, encoding: 'utf8' });
}

describe('npm run extract', () => {
  it('prints one JSON line per file with the quotes, their offsets and speakers', () => {
    expect(existsSync(SEED)).toBe(true);
    const out = run(SEED);
    expect(out.status).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const page = JSON.parse(lines[0]);
    expect(page.file).toBe(SEED);
    const direct = page.quotes.filter((q: { kind: string }) => q.kind !== 'indirect');
    expect(direct.length).toBeGreaterThanOrEqual(12);
    const first = direct.find((q: { text: string }) => q.text.startsWith('We discussed strategic opportunities'));
    expect(first.speaker).toBe('Dmitry Bakanov');
    expect(first.end - first.start).toBe(first.text.length);
  });

  it('reports a bad path on stderr, exits non-zero, and still prints the other files', () => {
    const out = run('/no/such/page.html', SEED);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('/no/such/page.html: no such file');
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]).file).toBe(SEED);
  });

  it('says how to use it when given nothing', () => {
    const out = run();
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('usage');
  });
});
