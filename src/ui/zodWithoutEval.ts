import { config } from 'zod';

/**
 * The renderer's CSP forbids eval. Zod 4 probes `Function('')` before its first object parse to
 * decide whether to JIT-compile parsers; the probe is caught, but Chromium still reports a CSP
 * violation. Jitless mode skips the probe (parsers are fast enough for IPC and session files).
 */
config({ jitless: true });
