/**
 * What a kiosk shows while its code loads, drawn by the app shell: the
 * kiosk's dark screen and the words its day shows while it loads, so a
 * front-desk tablet never flashes a white page with a small spinner, and
 * the screen is recognisably the salon's from its first paint. A few dozen
 * bytes in the shell; the kiosk itself stays in its own chunk.
 */
export function KioskLoading() {
  return (
    <div class="kiosk-loading" role="status">
      <p class="kiosk-loading__message">Loading today's schedule…</p>
    </div>
  );
}
