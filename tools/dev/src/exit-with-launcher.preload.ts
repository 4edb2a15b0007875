/**
 * Loaded into every app by `npm start` (`node -r`), so no app can outlive it: the IPC channel to
 * the launcher closes when the launcher ends, however it ends (a SIGKILL included), and the app
 * then shuts down as on SIGTERM, or exits outright if that takes longer than HARD_EXIT_MS.
 * Apps run any other way (nx serve, tests, a container) have no channel and are untouched.
 */
const HARD_EXIT_MS = 1500;

if (process.channel) {
  process.once('disconnect', () => {
    setTimeout(() => process.exit(1), HARD_EXIT_MS).unref();
    process.kill(process.pid, 'SIGTERM');
  });
  // The listener refs the channel; unref it again so the channel never keeps an app alive that
  // has otherwise finished (a clean shutdown must still end the process).
  process.channel.unref();
}
