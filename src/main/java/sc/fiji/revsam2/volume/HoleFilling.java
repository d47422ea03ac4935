package sc.fiji.revsam2.volume;

/**
 * SAM2's optional hole filling ({@code fill_holes_in_mask_scores}): background regions of a
 * logit map that are small enough become foreground.
 *
 * <p>The background is every pixel with logit {@code <= 0} (a NaN logit is not background,
 * as in PyTorch). Its connected components are found with 8-connectivity; each component of at
 * most {@code maxArea} pixels gets the logit {@code 0.1f}. Like SAM2, <em>all</em> background
 * components count, including those touching the image border, so a small background region at
 * the edge is filled too.
 */
public final class HoleFilling {

	/** The logit given to filled pixels (SAM2's small positive score). */
	public static final float FILL_VALUE = 0.1f;

	private HoleFilling() {}

	/**
	 * Fills small background components of a logit map.
	 *
	 * @param logits  logits, {@code w * h} values, x fastest (not modified)
	 * @param w       width
	 * @param h       height
	 * @param maxArea largest component area (pixels) that is filled; {@code <= 0}: nothing is filled
	 * @return a new array: a copy of {@code logits} with the small background components set to {@link #FILL_VALUE}
	 * @throws IllegalArgumentException if {@code logits} is null, a size is not positive or the length is not {@code w * h}
	 */
	public static float[] fill(float[] logits, int w, int h, int maxArea) {
		if (logits == null) throw new IllegalArgumentException("logits are null");
		if (w <= 0 || h <= 0) throw new IllegalArgumentException("size must be positive, got " + w + " x " + h);
		if ((long) w * h != logits.length) throw new IllegalArgumentException("logits have " + logits.length + " values, expected " + w + " x " + h + " = " + (long) w * h);
		float[] out = logits.clone();
		if (maxArea <= 0) return out;
		int n = logits.length;
		// 0 = not yet visited background, -1 = foreground, >0 = visited. The queue holds one
		// component at a time, so its first `count` entries are that component after the search.
		byte[] state = new byte[n];
		for (int i = 0; i < n; i++) if (!(logits[i] <= 0f)) state[i] = -1;
		int[] queue = new int[n];
		for (int seed = 0; seed < n; seed++) {
			if (state[seed] != 0) continue;
			state[seed] = 1;
			queue[0] = seed;
			int head = 0, count = 1;
			while (head < count) {
				int p = queue[head++];
				int x = p % w, y = p / w;
				int y0 = y > 0 ? y - 1 : y, y1 = y < h - 1 ? y + 1 : y;
				int x0 = x > 0 ? x - 1 : x, x1 = x < w - 1 ? x + 1 : x;
				for (int yy = y0; yy <= y1; yy++) {
					int row = yy * w;
					for (int xx = x0; xx <= x1; xx++) {
						int q = row + xx;
						if (state[q] == 0) {
							state[q] = 1;
							queue[count++] = q;
						}
					}
				}
			}
			if (count <= maxArea) {
				for (int k = 0; k < count; k++) out[queue[k]] = FILL_VALUE;
			}
		}
		return out;
	}
}
