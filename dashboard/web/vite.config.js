import { defineConfig } from 'vite';

// Built by Maven (dashboard/pom.xml) into the jar's static resources; hashed assets under /assets/.
export default defineConfig({
  build: {
    outDir: '../target/classes/static',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
});
