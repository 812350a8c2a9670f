/**
 * Imported first by every service's `main.ts` (`import '@regiograph/lib/telemetry-register'`): starts
 * OpenTelemetry, when the OTEL_* variables ask for an exporter, before `http` and `pg` are loaded, so
 * their instrumentation can patch them. Loads nothing else of lib.
 */
import { startTelemetry } from './telemetry.js';

startTelemetry();
