/** Id of the `<style>` element the layer adds once per document. */
export const BUBBLE_STYLE_ID = 'hallway-bubble-styles';

/**
 * The default look of video bubbles (and of the touch joystick). Class names are public (documented in
 * the TSDoc of `attachHallway`): a page can override any of it, or pass
 * `injectStyles: false` and bring its own.
 *
 * Positions are set inline by the layer (`transform`, `opacity`); the frame
 * inside carries the look, so its animations never fight the positioning.
 */
export const BUBBLE_CSS = `
.hallway-bubbles { position: absolute; left: 0; top: 0; overflow: hidden; pointer-events: none; }
.hallway-bubble { position: absolute; left: 0; top: 0; box-sizing: border-box; transform-origin: 50% 50%; will-change: transform, opacity; transition: opacity 180ms ease; --hallway-color: #64748b; }
.hallway-bubble[data-state="prewarmed"] { visibility: hidden; }
.hallway-bubble-frame { position: absolute; inset: 0; box-sizing: border-box; border-radius: 50%; overflow: hidden; background: var(--hallway-color); border: 3px solid var(--hallway-color); box-shadow: 0 4px 14px rgba(15, 23, 42, 0.35); transition: border-color 150ms ease, box-shadow 150ms ease; }
.hallway-bubble:not([data-state="prewarmed"]) .hallway-bubble-frame { animation: hallway-bubble-in 240ms cubic-bezier(0.2, 0.9, 0.3, 1.25); }
.hallway-bubble[data-source="screen"] .hallway-bubble-frame { border-radius: 12px; background: #0f172a; }
.hallway-bubble.is-speaking .hallway-bubble-frame { border-color: #22c55e; box-shadow: 0 0 0 3px rgba(34, 197, 94, 0.4), 0 4px 14px rgba(15, 23, 42, 0.35); }
.hallway-bubble video { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; background: transparent; }
.hallway-bubble[data-source="screen"] video { object-fit: contain; }
.hallway-bubble[data-self="true"][data-source="camera"] video { transform: scaleX(-1); }
.hallway-bubble[data-self="true"][data-facing="environment"] video { transform: none; }
.hallway-bubble[data-state="muted"] video, .hallway-bubble[data-state="audio-only"] video { visibility: hidden; }
.hallway-bubble-quality { position: absolute; left: 2px; bottom: 2px; width: 12px; height: 12px; border-radius: 50%; border: 2px solid #fff; box-sizing: border-box; background: #22c55e; box-shadow: 0 1px 3px rgba(15, 23, 42, 0.4); }
.hallway-bubble-quality[hidden] { display: none; }
.hallway-bubble[data-quality="good"] .hallway-bubble-quality { background: #eab308; }
.hallway-bubble[data-quality="poor"] .hallway-bubble-quality { background: #f97316; }
.hallway-bubble[data-quality="lost"] .hallway-bubble-quality { background: #ef4444; }
.hallway-bubble-placeholder { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: #fff; font: 600 calc(var(--hallway-bubble-size, 88px) * 0.34)/1 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-shadow: 0 1px 2px rgba(15, 23, 42, 0.45); user-select: none; }
.hallway-bubble[data-source="screen"] .hallway-bubble-placeholder { font-size: 14px; font-weight: 500; }
.hallway-bubble-name { position: absolute; left: 50%; top: 100%; transform: translate(-50%, 4px); display: none; max-width: 160px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; padding: 2px 8px; border-radius: 999px; background: rgba(15, 23, 42, 0.8); color: #fff; font: 600 11px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.hallway-bubble.is-offscreen .hallway-bubble-name { display: block; }
.hallway-bubble-emote { position: absolute; right: -8px; top: -8px; font-size: 24px; line-height: 1; animation: hallway-emote 3s ease forwards; }
.hallway-controls { position: absolute; left: 0; top: 0; overflow: hidden; pointer-events: none; }
.hallway-joystick { box-sizing: border-box; border-radius: 50%; background: rgba(15, 23, 42, 0.35); border: 2px solid rgba(255, 255, 255, 0.4); box-shadow: 0 4px 14px rgba(15, 23, 42, 0.3); -webkit-tap-highlight-color: transparent; }
.hallway-joystick-knob { position: absolute; left: 50%; top: 50%; width: 44px; height: 44px; margin: -22px 0 0 -22px; border-radius: 50%; background: rgba(255, 255, 255, 0.85); box-shadow: 0 2px 8px rgba(15, 23, 42, 0.4); transition: transform 140ms ease; }
.hallway-joystick.is-active .hallway-joystick-knob { transition: none; background: #fff; }
.hallway-joystick.is-disabled { opacity: 0.4; }
@keyframes hallway-bubble-in { from { transform: scale(0.6); opacity: 0; } to { transform: scale(1); opacity: 1; } }
@keyframes hallway-emote { 0% { transform: scale(0.3); opacity: 0; } 8% { transform: scale(1.2); opacity: 1; } 14% { transform: scale(1); } 85% { opacity: 1; transform: translateY(0); } 100% { opacity: 0; transform: translateY(-10px); } }
@media (prefers-reduced-motion: reduce) { .hallway-bubble-frame, .hallway-bubble-emote { animation: none !important; } }
`;

/** Adds the default styles to `document` once. */
export function ensureBubbleStyles(document: Document): void {
	if (document.getElementById(BUBBLE_STYLE_ID)) return;
	const style = document.createElement('style');
	style.id = BUBBLE_STYLE_ID;
	style.textContent = BUBBLE_CSS;
	// First in <head>, so the page's own rules (later, same specificity) win.
	document.head.prepend(style);
}
