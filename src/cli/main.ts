/**
 * `npm run cli -- <verb> ...`: the command-line tool. Each verb lives in its own module and is
 * imported only when used, so `inspect` does not load the tensor engine.
 */
const usage = `DTI Trial Viewer command line

  npm run cli -- inspect <folder> [--json]
      series table; for diffusion series dims, voxel size, b-values, FSL b-vectors; skipped files
  npm run cli -- convert <folder> --out <dir> [--force] [--keep-identifiers]
      each diffusion series as NIfTI (.nii.gz) + .bval + .bvec (FSL convention), named series_<N>;
      --keep-identifiers names them <N>_<description> and keeps the description in the header
  npm run cli -- fit <folder> [--series N] [--method ols|wls|iwls] [--mask-threshold F] [--workers N] --out <dir>
        [--force] [--keep-identifiers] [--salt <secret>]
      tensor fit: FA, MD, AD, RD, colour FA, S0, mask as NIfTI + fit.json provenance; fit.json has
      no input path or series description and a hashed Series Instance UID (keyed by --salt or
      DTI_TRIAL_SALT when given) unless --keep-identifiers
  npm run cli -- fit <trial folder> --all --out <dir> [--method …] [--force] [--keep-identifiers] [--salt <secret>]
      every DTI series under the folder tree, in one process: <out>/<its folder>/series_<N>/ each,
      summary.csv + summary.json; a failed series is listed and the rest fitted (exit code 1)
  convert and fit refuse to overwrite existing outputs unless --force
  npm run cli -- perfusion <folder> [--series N] --out <dir> [--aif x,y,z | --aif-mask m.nii.gz]
        [--vof x,y,z | --vof-mask m.nii.gz] [--smooth-time FWHM_s] [--smooth-plane FWHM_mm]
        [--hematocrit-factor F] [--density D]
      CT perfusion maps on 2 worker threads: CBF, CBV, MTT, Tmax, TTP, PS (Patlak), mask as NIfTI +
      perfusion.json (with head motion); AIF/VOF as points in patient LPS mm or NIfTI masks on the
      series' grid (mean curve), automatic when absent
  npm run cli -- export <sessions folder> --out <dir> --salt <secret> [--units trial|si]
        [--dates remove|shift] [--include patientId,dates,...] [--name <stem>] [--force]
      trial export (long/wide/longitudinal CSV + provenance JSON), de-identified by default
  npm run cli -- agreement <reads.csv> [--json] [--levels measure=a,b,c]...
      inter-reader agreement of a long CSV with columns case,reader,measure,value: ICC(1,1), ICC(2,1),
      ICC(3,1) and Bland–Altman for numeric measures; kappa, linear and quadratic weighted kappa for
      labelled ones (--levels orders a measure's labels, and makes a numeric grade categorical)
  npm run cli -- verify-store <measurements.sqlite> [--json]
      checks the measurement database read-only: SQLite integrity, the audit hash chain, every
      record against its last audit row, the newest backup's last audit row still present;
      names the first broken link; exit code 1 when not intact
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
      const written = await runConvert(required(positional[0], '<folder>'), required(flags.get('out'), '--out <dir>'), {
        force: flags.has('force'),
        identifiers: { keep: flags.has('keep-identifiers') },
      });
      for (const f of written) console.log(f);
      return;
    }
    case 'fit': {
      const folder = required(positional[0], '<folder>');
      const number = (name: string) => {
        const v = flags.get(name);
        return typeof v === 'string' ? Number(v) : undefined;
      };
      const method = flags.get('method');
      const salt = flags.get('salt');
      const options = {
        method: typeof method === 'string' ? (method as 'ols' | 'wls' | 'iwls') : 'wls',
        out: required(flags.get('out'), '--out <dir>'),
        maskThreshold: number('mask-threshold'),
        workers: number('workers'),
        force: flags.has('force'),
        identifiers: { keep: flags.has('keep-identifiers'), salt: typeof salt === 'string' ? salt : process.env.DTI_TRIAL_SALT },
      } as const;
      if (flags.has('all')) {
        const { runFitAll, batchTable } = await import('./fitAll');
        const began = performance.now();
        const rows = await runFitAll(folder, options);
        process.stdout.write(batchTable(rows, (performance.now() - began) / 1000));
        if (rows.some((r) => r.status === 'failed')) process.exitCode = 1;
        return;
      }
      const { runFit } = await import('./fit');
      await runFit(folder, { ...options, series: number('series') });
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
    case 'agreement': {
      const { runAgreement, levelsFromArgv } = await import('./agreement');
      process.stdout.write(runAgreement(required(positional[0], '<reads.csv>'), { json: flags.has('json'), levels: levelsFromArgv(rest) }));
      return;
    }
    case 'verify-store': {
      const { runVerifyStore } = await import('./verifyStore');
      const { ok, text } = await runVerifyStore(required(positional[0], '<measurements.sqlite>'), { json: flags.has('json') });
      process.stdout.write(text);
      if (!ok) process.exitCode = 1;
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
