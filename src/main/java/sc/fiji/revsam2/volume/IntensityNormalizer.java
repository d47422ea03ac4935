package sc.fiji.revsam2.volume;

/**
 * Maps intensities to {@code [0, 1]}: {@code clip((v - lo) / (hi - lo), 0, 1)}, the first
 * pre-processing step of the pipeline (over the whole source volume, not per slice).
 *
 * <p>Arithmetic is float32, as NumPy does it on a float32 volume with float32 bounds:
 * {@code lo} and {@code hi} are rounded to float, {@code hi - lo} is a float difference, each
 * voxel is one float subtraction and one float division. {@code hi <= lo} gives zeros; a NaN
 * voxel gives 0. Inputs are never modified.
 *
 * <p>Quantised ({@link #eightBit}), it does what MedSAM2's inference does instead: clip to the
 * window, stretch the clipped volume's minimum..maximum to 0..255 in float64, truncate to an
 * integer, divide by 255.</p>
 */
public final class IntensityNormalizer {

	private final float lo;
	private final float range;
	private final int levels;      // 0: continuous; else values are floor(levels * x) / levels
	private final double loD, rangeD;

	/**
	 * A normaliser with fixed bounds.
	 *
	 * @param lo the intensity mapped to 0
	 * @param hi the intensity mapped to 1 ({@code hi <= lo}: everything maps to 0)
	 * @throws IllegalArgumentException if a bound is not finite
	 */
	public IntensityNormalizer(double lo, double hi) {
		this(lo, hi, 0);
	}

	private IntensityNormalizer(double lo, double hi, int levels) {
		if (!Double.isFinite(lo) || !Double.isFinite(hi)) throw new IllegalArgumentException("normalisation bounds must be finite, got " + lo + " : " + hi);
		this.lo = (float) lo;
		float h = (float) hi;
		this.range = h > this.lo ? h - this.lo : 0f;
		this.levels = levels;
		this.loD = lo;
		this.rangeD = hi > lo ? hi - lo : 0;
	}

	/**
	 * MedSAM2's 8-bit normaliser of {@code window} on {@code volume}: the bounds are the minimum
	 * and maximum of the volume clipped to the window (the window itself when the volume spans
	 * it), values {@code floor(255 (clip(v) - lo) / (hi - lo)) / 255} computed in float64.
	 *
	 * @throws IllegalArgumentException if an argument is null
	 */
	public static IntensityNormalizer eightBit(Volume volume, IntensityWindow window) {
		if (window == null) throw new IllegalArgumentException("intensity window is null");
		IntensityWindow w = window.resolve(volume);
		float[] mm = volume.minMax();
		double lo = w.lo(), hi = w.hi();
		if (mm[0] <= mm[1]) { // the clipped volume's own extremes
			lo = Math.min(Math.max(mm[0], w.lo()), w.hi());
			hi = Math.max(Math.min(mm[1], w.hi()), w.lo());
		}
		return new IntensityNormalizer(lo, hi, 255);
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

	/** Intensity steps above 0 (255 for {@link #eightBit}); 0: continuous. */
	public int levels() {
		return levels;
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
		if (levels > 0) {
			for (int i = 0; i < src.length; i++) {
				double v = (src[i] - loD) / rangeD; // float64, as NumPy on MedSAM2's float64 volume
				dst[i] = v >= 0 ? (float) (Math.floor((v <= 1 ? v : 1) * levels) / levels) : 0f;
			}
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
