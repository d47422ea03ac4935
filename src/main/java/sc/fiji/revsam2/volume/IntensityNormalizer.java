package sc.fiji.revsam2.volume;

/**
 * Maps intensities to {@code [0, 1]}: {@code clip((v - lo) / (hi - lo), 0, 1)}, the first
 * pre-processing step of the pipeline (over the whole source volume, not per slice).
 *
 * <p>Arithmetic is float32, as NumPy does it on a float32 volume with float32 bounds:
 * {@code lo} and {@code hi} are rounded to float, {@code hi - lo} is a float difference, each
 * voxel is one float subtraction and one float division. {@code hi <= lo} gives zeros; a NaN
 * voxel gives 0. Inputs are never modified.
 */
public final class IntensityNormalizer {

	private final float lo;
	private final float range;

	/**
	 * A normaliser with fixed bounds.
	 *
	 * @param lo the intensity mapped to 0
	 * @param hi the intensity mapped to 1 ({@code hi <= lo}: everything maps to 0)
	 * @throws IllegalArgumentException if a bound is not finite
	 */
	public IntensityNormalizer(double lo, double hi) {
		if (!Double.isFinite(lo) || !Double.isFinite(hi)) throw new IllegalArgumentException("normalisation bounds must be finite, got " + lo + " : " + hi);
		this.lo = (float) lo;
		float h = (float) hi;
		this.range = h > this.lo ? h - this.lo : 0f;
	}

	/**
	 * The normaliser of {@code window} on {@code volume}: {@link IntensityWindow#MIN_MAX} becomes
	 * the volume's minimum and maximum.
	 *
	 * @throws IllegalArgumentException if an argument is null
	 */
	public static IntensityNormalizer of(Volume volume, IntensityWindow window) {
		if (window == null) throw new IllegalArgumentException("intensity window is null");
		IntensityWindow w = window.resolve(volume);
		return new IntensityNormalizer(w.lo(), w.hi());
	}

	/**
	 * Every slice of {@code volume} normalised with {@code window} (min-max over the whole
	 * volume for {@link IntensityWindow#MIN_MAX}); new arrays, one per slice, x fastest.
	 *
	 * @throws IllegalArgumentException if an argument is null
	 */
	public static float[][] normalize(Volume volume, IntensityWindow window) {
		return of(volume, window).apply(volume);
	}

	/** The intensity mapped to 0, as a float. */
	public float lo() {
		return lo;
	}

	/** The intensity mapped to 1, as a float ({@code lo} when the window is empty). */
	public float hi() {
		return lo + range;
	}

	/**
	 * Normalises values into a new array.
	 *
	 * @throws IllegalArgumentException if {@code values} is null
	 */
	public float[] apply(float[] values) {
		if (values == null) throw new IllegalArgumentException("values are null");
		float[] out = new float[values.length];
		apply(values, out);
		return out;
	}

	/**
	 * Normalises {@code src} into {@code dst} (may be the same array).
	 *
	 * @throws IllegalArgumentException if an array is null or the lengths differ
	 */
	public void apply(float[] src, float[] dst) {
		if (src == null || dst == null) throw new IllegalArgumentException("source and destination arrays must not be null");
		if (src.length != dst.length) throw new IllegalArgumentException("source has " + src.length + " values but destination " + dst.length);
		if (!(range > 0f)) {
			java.util.Arrays.fill(dst, 0f);
			return;
		}
		float l = lo, r = range;
		for (int i = 0; i < src.length; i++) {
			float v = (src[i] - l) / r;
			dst[i] = v >= 0f ? (v <= 1f ? v : 1f) : 0f; // NaN fails both tests: 0
		}
	}

	/**
	 * Slice {@code z} of {@code volume}, normalised, as a new array.
	 *
	 * @throws IllegalArgumentException if {@code volume} is null or {@code z} is out of range
	 */
	public float[] slice(Volume volume, int z) {
		if (volume == null) throw new IllegalArgumentException("volume is null");
		if (z < 0 || z >= volume.depth()) throw new IllegalArgumentException("slice " + z + " is outside 0.." + (volume.depth() - 1));
		return apply(volume.slice(z));
	}

	/**
	 * Every slice of {@code volume}, normalised, as new arrays.
	 *
	 * @throws IllegalArgumentException if {@code volume} is null
	 */
	public float[][] apply(Volume volume) {
		if (volume == null) throw new IllegalArgumentException("volume is null");
		float[][] out = new float[volume.depth()][];
		for (int z = 0; z < out.length; z++) out[z] = apply(volume.slice(z));
		return out;
	}
}
