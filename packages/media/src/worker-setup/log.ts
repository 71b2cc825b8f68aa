/** Install-time progress goes to stderr so that `npm install` shows it. */
export function say(message: string): void {
	process.stderr.write(`[hallway-media] ${message}\n`);
}
