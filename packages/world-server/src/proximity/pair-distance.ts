/**
 * Euclidean distance between two points. The engine and the all-pairs
 * reference both use this one function, so that a pair exactly on a threshold
 * lands on the same side in both (`Math.hypot` may differ in the last bit).
 * The result is symmetric: swapping the points gives the same number.
 */
export function pairDistance(ax: number, ay: number, bx: number, by: number): number {
	const dx = ax - bx;
	const dy = ay - by;
	return Math.sqrt(dx * dx + dy * dy);
}
