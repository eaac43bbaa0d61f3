import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { CDPSession } from 'playwright-core';

/**
 * Memory of the headless Chromium a bench launched (Playwright starts it as a child of the bench's
 * process, so its processes are our descendants), for the Chromium benches.
 */

/** Every descendant of `root` with its Chromium process type (--type=…, '' for the browser process) and proportional set size (PSS) in bytes. */
export function processTree(root = process.pid): { type: string; pss: number }[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while the table was read.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  const out: { type: string; pss: number }[] = [];
  for (const pid of parent.keys()) {
    if (!inTree(pid)) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      // PSS, not RSS: shared pages (libraries, the zygote's) are split between the processes sharing them, so the sum is real.
      const pssKb = Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
      out.push({ type: /--type=([\w-]+)/.exec(cmdline)?.[1] ?? '', pss: pssKb * 1024 });
    } catch {
      // Ended meanwhile.
    }
  }
  return out;
}

/**
 * Summed PSS (bytes) of the renderer processes: the page and its dedicated workers (Chromium runs
 * a page's Web Workers as threads of the page's renderer process, so their heaps are in it).
 */
export function rendererPss(): number {
  return processTree().filter((p) => p.type === 'renderer').reduce((a, p) => a + p.pss, 0);
}

/** The page's V8 heap + ArrayBuffer backing stores (volumes, maps: outside the heap), bytes; the workers' heaps are not in it. */
export async function pageHeapAndBuffers(cdp: CDPSession): Promise<number> {
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  return usage.usedSize + (usage.backingStorageSize ?? 0);
}

/**
 * Peaks of renderer PSS (every 100 ms) and of the page's heap + buffers (every 50 ms) until `stop()`,
 * which resolves with both in bytes.
 */
export function samplePeaks(cdp: CDPSession): { stop(): Promise<{ renderer: number; heap: number }> } {
  const peak = { renderer: 0, heap: 0 };
  let sampling = true;
  const heap = (async () => {
    while (sampling) {
      peak.heap = Math.max(peak.heap, await pageHeapAndBuffers(cdp));
      await new Promise((ok) => setTimeout(ok, 50));
    }
  })();
  const pss = setInterval(() => (peak.renderer = Math.max(peak.renderer, rendererPss())), 100);
  return {
    async stop() {
      sampling = false;
      clearInterval(pss);
      await heap;
      peak.renderer = Math.max(peak.renderer, rendererPss());
      return peak;
    },
  };
}

/** "load average 1.52, 1.61, 1.80 on 2 CPUs": printed with every figure (the cores are shared). */
export function loadText(): string {
  return `load average ${loadavg().map((x) => x.toFixed(2)).join(', ')}`;
}
