package sc.fiji.revsam2.algorithm;

import sc.fiji.revsam2.volume.IntensityWindow;

/**
 * Settings of a run. The defaults are the method as specified: k = 10 conditioning slices,
 * min-max intensities, SAM2's hole filling of 8 low-resolution pixels, all slices.
 */
public final class RevSam2Options {

	private int k = 10;
	private IntensityWindow window = IntensityWindow.MIN_MAX;
	private Method method = Method.REVSAM2;
	private long seed = 0;
	private int firstSlice = 0;
	private int lastSlice = -1;          // inclusive; -1 = last slice
	private int fillHoleArea = 8;
	private long featureMemoryBudget = 256L << 20;
	private boolean keepReverseLogits;
	private int[] conditioningSlices;

	public int k() { return k; }

	/** Conditioning slices for self-propagation (clamped to the number of slices). */
	public RevSam2Options k(int k) {
		if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
		this.k = k;
		return this;
	}

	/** The intensity window (min-max of each volume by default). */
	public IntensityWindow window() { return window; }

	/** Intensities mapped to [0, 1] by this window (clipped); {@link IntensityWindow#MIN_MAX} = each volume's min and max. */
	public RevSam2Options window(IntensityWindow window) {
		this.window = window == null ? IntensityWindow.MIN_MAX : window;
		return this;
	}

	public Method method() { return method; }

	public RevSam2Options method(Method method) {
		this.method = method;
		return this;
	}

	/** Seed of the random selection baseline. */
	public long seed() { return seed; }

	public RevSam2Options seed(long seed) {
		this.seed = seed;
		return this;
	}

	public int firstSlice() { return firstSlice; }

	public int lastSlice() { return lastSlice; }

	/** Segments only slices first..last (inclusive, 0-based); others stay empty. */
	public RevSam2Options sliceRange(int first, int last) {
		if (first < 0 || (last >= 0 && last < first)) throw new IllegalArgumentException("bad slice range " + first + ".." + last);
		this.firstSlice = first;
		this.lastSlice = last;
		return this;
	}

	public int fillHoleArea() { return fillHoleArea; }

	/** SAM2's hole filling on output masks, in low-resolution pixels (0 = off). */
	public RevSam2Options fillHoleArea(int area) {
		if (area < 0) throw new IllegalArgumentException("hole area must be >= 0");
		this.fillHoleArea = area;
		return this;
	}

	public long featureMemoryBudget() { return featureMemoryBudget; }

	/** Bytes of image features kept in memory; more are kept in a temporary file. */
	public RevSam2Options featureMemoryBudget(long bytes) {
		this.featureMemoryBudget = bytes;
		return this;
	}

	public boolean keepReverseLogits() { return keepReverseLogits; }

	/** Keep the reverse-propagation logits of every (slice, support) pair in the result (large). */
	public RevSam2Options keepReverseLogits(boolean keep) {
		this.keepReverseLogits = keep;
		return this;
	}

	/** Slices chosen to condition self-propagation instead of the top-k (null: choose by score). */
	public int[] conditioningSlices() { return conditioningSlices == null ? null : conditioningSlices.clone(); }

	/**
	 * Conditions self-propagation on these query slices (0-based) instead of the k best
	 * scored ones; scores are still computed and reported.
	 */
	public RevSam2Options conditioningSlices(int[] slices) {
		this.conditioningSlices = slices == null ? null : java.util.Arrays.stream(slices).sorted().distinct().toArray();
		return this;
	}
}
