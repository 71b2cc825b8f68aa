/**
 * Euclidean distance between two points. The engine and the all-pairs
 * reference both compute every distance exactly this way, so that a pair
 * exactly on a threshold lands on the same side in both (`Math.hypot` may
 * differ in the last bit).
 * The result is symmetric: swapping the points gives the same number.
 *
 * The engine's hot loops spell this arithmetic out instead of calling it: V8
 * boxes (allocates) the doubles passed to and returned from a call it does not
 * inline, and those loops compute tens of thousands of distances a tick. Any
 * change here must be made there too (search for "pairDistance(").
 */
export function pairDistance(ax: number, ay: number, bx: number, by: number): number {
	const dx = ax - bx;
	const dy = ay - by;
	return Math.sqrt(dx * dx + dy * dy);
}
