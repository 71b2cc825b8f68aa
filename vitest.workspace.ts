/**
 * The test projects that `npm test` runs: one per package (unit and
 * integration tests with real mediasoup workers and Colyseus rooms) and the
 * browser end-to-end tests (real Chromium, fake camera and microphone).
 * `packages/world-client` joins this list with its first tests.
 */
export default ['packages/media', 'packages/world-server', 'packages/world-client', 'tests/e2e', 'examples/bots'];
