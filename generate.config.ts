// What `make generate` generates: every API of this repository, each from its spec into its
// own folder (see scripts/generator/config.ts). A new API is one more entry.
import { defineConfig } from './scripts/generator/config.js';

export default defineConfig({
  runtimeTypes: 'src/runtime/types.ts',
  apis: [
    { name: 'conduit', spec: 'spec/openapi.yaml', output: 'generated', lint: 'redocly.yaml' },
    {
      // The worked example of a second API on the same runtime (README, "Starting your own API").
      name: 'inventory',
      spec: 'tests/fixtures/inventory/spec/openapi.yaml',
      output: 'tests/fixtures/inventory/generated',
      lint: 'redocly.yaml',
    },
  ],
});
