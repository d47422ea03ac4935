package sc.fiji.revsam2.volume;

/**
 * SAM2's {@code fill_holes_in_mask_scores}: background components (logit <= 0, 8-connected) of
 * at most {@code maxArea} pixels become foreground with the small logit 0.1. Like SAM2 it
 * considers every background component, also those touching the border.
 */
public final class HoleFilling {

	public static final float FILL_LOGIT = 0.1f;

	private HoleFilling() {}

	/** A filled copy of {@code logits} (w x h, row-major); {@code maxArea <= 0} returns an unchanged copy. */
	public static float[] fill(float[] logits, int w, int h, int maxArea) {
		if (logits.length != w * h) throw new IllegalArgumentException("logits have " + logits.length + " values, expected " + w + "x" + h);
		float[] out = logits.clone();
		if (maxArea <= 0) return out;
		int[] label = new int[w * h];
		int[] stack = new int[w * h];
		int[] members = new int[w * h];
		int next = 0;
		for (int start = 0; start < out.length; start++) {
			if (label[start] != 0 || !(logits[start] <= 0)) continue;
			next++;
			int top = 0, count = 0;
			stack[top++] = start;
			label[start] = next;
			while (top > 0) {
				int p = stack[--top];
				members[count++] = p;
				int px = p % w, py = p / w;
				for (int dy = -1; dy <= 1; dy++) {
					int y = py + dy;
					if (y < 0 || y >= h) continue;
					for (int dx = -1; dx <= 1; dx++) {
						int x = px + dx;
						if (x < 0 || x >= w || (dx == 0 && dy == 0)) continue;
						int q = y * w + x;
						if (label[q] == 0 && logits[q] <= 0) {
							label[q] = next;
							stack[top++] = q;
						}
					}
				}
			}
			if (count <= maxArea) for (int i = 0; i < count; i++) out[members[i]] = FILL_LOGIT;
		}
		return out;
	}
}
