// Runs before the reference renderer: its bundled zod would otherwise probe whether it may compile
// code (`Function("")`), which the page's Content-Security-Policy refuses and reports. Without code
// generation zod validates the same, interpreting its schemas.
globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true };
