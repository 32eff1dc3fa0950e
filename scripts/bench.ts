// `npm run bench -- [engine|page|library] [--json] [--sites]`: each benchmark prints its figures next to a
// baseline measured in the same run. With no name, all of them run in turn (human-readable output only).
// --sites: the page benchmark serves each page from a site of its own (see bench-page.ts).
const BENCHES = {
  engine: () => import('./bench-engine'),
  page: () => import('./bench-page'),
  library: () => import('./bench-library'),
} as const;
type BenchName = keyof typeof BENCHES;

async function main(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const names = args.filter((a) => !a.startsWith('--'));
  for (const n of names) {
    if (!(n in BENCHES)) throw new Error(`unknown benchmark "${n}"; choose from: ${Object.keys(BENCHES).join(', ')}`);
  }
  if (json && names.length !== 1) throw new Error('--json prints one object: name exactly one benchmark');
  const chosen = (names.length ? names : Object.keys(BENCHES)) as BenchName[];
  for (const name of chosen) {
    const mod = (await BENCHES[name]()) as Record<string, (o: { json: boolean; sites: boolean }) => Promise<void>>;
    const run = mod[`bench${name[0].toUpperCase()}${name.slice(1)}`];
    if (!json) console.log(`\n== bench ${name} ==`);
    await run({ json, sites: args.includes('--sites') });
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
