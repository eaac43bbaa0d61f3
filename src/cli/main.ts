/**
 * `npm run cli -- <verb> ...`: the command-line tool. Each verb lives in its own module and is
 * imported only when used, so `inspect` does not load the tensor engine.
 */
const usage = `DTI Trial Viewer command line

  npm run cli -- inspect <folder> [--json]
      series table; for diffusion series dims, voxel size, b-values, FSL b-vectors; skipped files
  npm run cli -- convert <folder> --out <dir>
      each diffusion series as NIfTI (.nii.gz) + .bval + .bvec (FSL convention)
  npm run cli -- fit <folder> [--series N] [--method ols|wls|iwls] [--mask-threshold F] [--workers N] --out <dir>
      tensor fit: FA, MD, AD, RD, colour FA, S0, mask as NIfTI + fit.json provenance
  npm run cli -- perfusion <folder> [--series N] --out <dir> [--aif x,y,z] [--vof x,y,z]
        [--hematocrit-factor F] [--density D]
      CT perfusion maps: CBF, CBV, MTT, Tmax, TTP, PS (Patlak), mask as NIfTI + perfusion.json;
      AIF/VOF points in patient LPS mm (automatic when absent)
  npm run cli -- export <sessions folder> --out <dir> --salt <secret> [--units trial|si]
        [--dates remove|shift] [--include patientId,dates,...] [--name <stem>] [--force]
      trial export (long/wide/longitudinal CSV + provenance JSON), de-identified by default
`;

/** Minimal flag parser: positional args and `--name value` / `--flag`. */
export function parseArgs(argv: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) positional.push(a);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags.set(a.slice(2), argv[++i]);
    else flags.set(a.slice(2), true);
  }
  return { positional, flags };
}

function required(value: string | true | undefined, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`missing ${what}\n\n${usage}`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const [verb, ...rest] = argv;
  const { positional, flags } = parseArgs(rest);
  switch (verb) {
    case 'inspect': {
      const { runInspect } = await import('./inspect');
      process.stdout.write(await runInspect(required(positional[0], '<folder>'), { json: flags.has('json') }));
      return;
    }
    case 'convert': {
      const { runConvert } = await import('./convert');
      const written = await runConvert(required(positional[0], '<folder>'), required(flags.get('out'), '--out <dir>'));
      for (const f of written) console.log(f);
      return;
    }
    case 'fit': {
      const { runFit } = await import('./fit');
      const number = (name: string) => {
        const v = flags.get(name);
        return typeof v === 'string' ? Number(v) : undefined;
      };
      const method = flags.get('method');
      await runFit(required(positional[0], '<folder>'), {
        series: number('series'),
        method: typeof method === 'string' ? (method as 'ols' | 'wls' | 'iwls') : 'wls',
        out: required(flags.get('out'), '--out <dir>'),
        maskThreshold: number('mask-threshold'),
        workers: number('workers'),
      });
      return;
    }
    case 'perfusion': {
      const { perfusionCommand } = await import('./perfusionArgs');
      const { files } = await perfusionCommand(positional, flags);
      for (const f of files) console.log(f);
      return;
    }
    case 'export': {
      const { exportCommand } = await import('./export');
      const { written, warnings } = await exportCommand(positional, flags);
      for (const w of warnings) console.warn(`warning: ${w}`);
      for (const f of written) console.log(f);
      return;
    }
    default:
      process.stdout.write(usage);
      if (verb && verb !== 'help' && verb !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
