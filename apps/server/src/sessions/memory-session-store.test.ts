import { MemorySessionStore } from "./memory-session-store.ts";
import { sessionStoreConformance } from "./session-store.conformance.ts";

sessionStoreConformance("memory", async () => new MemorySessionStore());
