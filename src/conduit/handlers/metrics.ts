// Prometheus metrics, rendered by the HTTP layer's collector.
import type { Handlers } from '../../../generated/operations.js';
import type { Principal } from '../http/authentication.js';

export interface MetricsSource {
  /** The exposition format's media type, with its version parameter. */
  readonly contentType: string;
  render(): Promise<string>;
}

export function metricsHandlers(metrics: MetricsSource): Pick<Handlers<Principal>, 'GetMetrics'> {
  return {
    GetMetrics: async () => ({
      status: 200,
      body: await metrics.render(),
      contentType: metrics.contentType,
    }),
  };
}
