// What the languages cost the player. For the English, Urdu and Persian play route: the JavaScript and CSS it loads
// (the entry's and the play page's static imports, plus the language's lazily loaded core and play-area messages and
// font CSS; English loads its play-area messages with the page), and the
// font bytes each language downloads. Then the English play route against a baseline build of the app before the
// languages came in (I18N_BASELINE, default the last commit before them), built in the same run (aim: at most 3 KB
// gzip growth; the baseline also lacks whatever else has landed since, so the growth is an upper bound).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root, run } from '../scripts/lib/local';
import { printTable } from './table';

const BASELINE = process.env.I18N_BASELINE ?? '906a0f6';
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The files a chunk pulls in through static imports (and CSS it links), transitively. */
function closure(assets: string, start: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const name = queue.pop()!;
    if (seen.has(name) || !existsSync(join(assets, name))) continue;
    seen.add(name);
    if (!name.endsWith('.js')) continue;
    const text = readFileSync(join(assets, name), 'utf8');
    // Static imports only (`import … from "./x.js"`, `import "./x.js"`); `import("./x.js")` loads later, on demand.
    for (const match of text.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)) queue.push(match[1]!);
  }
  return seen;
}

const gzip = (assets: string, names: Iterable<string>) =>
  [...names].reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name)), { level: 9 }).length, 0);

function routes(dist: string) {
  const assets = join(dist, 'client', 'assets');
  const files = readdirSync(assets).filter((name) => statSync(join(assets, name)).isFile());
  const html = readFileSync(join(dist, 'client', 'index.html'), 'utf8');
  const entry = [...html.matchAll(/(?:src|href)="\/assets\/([\w.-]+\.(?:js|css))"/g)].map((m) => m[1]!);
  // The play page, and the messages it loads with it (the play area's, in English).
  const play = files.filter((name) => /^play(\.en)?-[\w-]+\.js$/.test(name));
  const english = closure(assets, [...entry, ...play]);
  const js = (set: Set<string>) => [...set].filter((name) => name.endsWith('.js'));
  const css = (set: Set<string>) => [...set].filter((name) => name.endsWith('.css'));
  const byLocale = (locale: 'ur' | 'fa') => {
    const lazy = closure(
      assets,
      files.filter((name) =>
        new RegExp(`^(${locale}|fonts-${locale}|play\\.${locale})-[\\w-]+\\.(js|css)$`).test(name),
      ),
    );
    const all = new Set([...[...english].filter((name) => !/^play\.en-/.test(name)), ...lazy]);
    const fontCss = css(lazy)
      .map((name) => readFileSync(join(assets, name), 'utf8'))
      .join('');
    const fonts = [...fontCss.matchAll(/url\("?\/assets\/([\w.-]+\.woff2)"?\)/g)].map((m) => m[1]!);
    return { all, fonts };
  };
  return { assets, english, js, css, byLocale };
}

run(join(root, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error'], { NODE_ENV: 'production' });
const now = routes(join(root, 'dist'));

const rows: string[][] = [];
const englishJs = gzip(now.assets, now.js(now.english));
rows.push(['en', kb(englishJs), kb(gzip(now.assets, now.css(now.english))), '0 KB (system fonts)']);
for (const locale of ['ur', 'fa'] as const) {
  const { all, fonts } = now.byLocale(locale);
  const fontBytes = fonts.reduce((sum, name) => sum + statSync(join(now.assets, name)).size, 0);
  rows.push([
    locale,
    kb(gzip(now.assets, now.js(all))),
    kb(gzip(now.assets, now.css(all))),
    `${kb(fontBytes)} (${fonts.length} WOFF2 files)`,
  ]);
}
printTable('Play route by language (gzip)', ['language', 'JavaScript', 'CSS', 'fonts'], rows);

// The baseline: the same build of the commit before the languages, in a throwaway worktree using our node_modules.
const work = mkdtempSync(join(tmpdir(), 'crisis-desk-i18n-baseline-'));
try {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (git('worktree', 'add', '--detach', work, BASELINE).status !== 0)
    throw new Error(`no commit ${BASELINE}`);
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
  const built = spawnSync(join(root, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error'], {
    cwd: work,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('the baseline build failed');
  const before = routes(join(work, 'dist'));
  const baselineJs = gzip(before.assets, before.js(before.english));
  printTable(
    'English play route JavaScript against the baseline (gzip)',
    ['build', 'JavaScript'],
    [
      [`baseline ${BASELINE}`, kb(baselineJs)],
      ['now', kb(englishJs)],
      ['growth (aim ≤ 3 KB)', kb(englishJs - baselineJs)],
    ],
  );
} finally {
  spawnSync('git', ['worktree', 'remove', '--force', work], { cwd: root });
  rmSync(work, { recursive: true, force: true });
}
