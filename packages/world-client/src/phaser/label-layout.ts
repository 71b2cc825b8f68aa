/** A name tag as laid out: its centre in world px and its width. */
export interface LabelBox {
	x: number;
	y: number;
	width: number;
}

/** Height of a name tag plus a small gap, world px. */
export const LABEL_STEP = 18;

/**
 * Lifts name tags that would overlap, so two people standing side by side
 * both stay readable: tags are placed from the lowest (nearest the viewer)
 * up, and one that collides with a placed tag moves up a step until it is
 * clear. Returns the upward offset of each tag, in input order (0 for most).
 */
export function stackLabels(labels: readonly LabelBox[]): number[] {
	const order = labels.map((_, i) => i).sort((a, b) => labels[b]!.y - labels[a]!.y);
	const placed: LabelBox[] = [];
	const offsets = new Array<number>(labels.length).fill(0);
	for (const i of order) {
		const label = labels[i]!;
		let y = label.y;
		// Bounded: at most one step per tag already placed.
		for (let step = 0; step <= placed.length; step++) {
			const hit = placed.find((other) => Math.abs(other.x - label.x) < (other.width + label.width) / 2 + 2 && Math.abs(other.y - y) < LABEL_STEP);
			if (!hit) break;
			y = hit.y - LABEL_STEP;
		}
		offsets[i] = label.y - y;
		placed.push({ x: label.x, y, width: label.width });
	}
	return offsets;
}
