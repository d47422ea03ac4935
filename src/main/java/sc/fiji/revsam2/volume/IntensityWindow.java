package sc.fiji.revsam2.volume;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An intensity window {@code [lo, hi]} that {@link IntensityNormalizer} maps to {@code [0, 1]},
 * or the special {@link #MIN_MAX} window that stands for a volume's own minimum and maximum.
 *
 * <p>CT windows are usually given as width and level (centre): {@code lo = level - width / 2},
 * {@code hi = level + width / 2}. Named presets (case-insensitive):
 * <table>
 * <caption>CT presets (Hounsfield units)</caption>
 * <tr><th>name</th><th>width</th><th>level</th><th>lo : hi</th></tr>
 * <tr><td>abdomen</td><td>400</td><td>40</td><td>-160 : 240</td></tr>
 * <tr><td>lung</td><td>1500</td><td>-600</td><td>-1350 : 150</td></tr>
 * <tr><td>bone</td><td>1800</td><td>400</td><td>-500 : 1300</td></tr>
 * <tr><td>brain</td><td>80</td><td>40</td><td>0 : 80</td></tr>
 * <tr><td>liver</td><td>150</td><td>30</td><td>-45 : 105</td></tr>
 * <tr><td>mediastinum</td><td>350</td><td>50</td><td>-125 : 225</td></tr>
 * </table>
 *
 * @param lo the intensity mapped to 0 ({@code NaN} only in {@link #MIN_MAX})
 * @param hi the intensity mapped to 1 ({@code NaN} only in {@link #MIN_MAX}); {@code hi <= lo}
 *           is allowed and normalises everything to 0
 */
public record IntensityWindow(double lo, double hi) {

	/** The volume's own minimum and maximum (resolved by {@link #resolve(Volume)}). */
	public static final IntensityWindow MIN_MAX = new IntensityWindow(Double.NaN, Double.NaN);

	/** CT abdomen, W400/L40. */
	public static final IntensityWindow CT_ABDOMEN = ofWidthLevel(400, 40);
	/** CT lung, W1500/L-600. */
	public static final IntensityWindow CT_LUNG = ofWidthLevel(1500, -600);
	/** CT bone, W1800/L400. */
	public static final IntensityWindow CT_BONE = ofWidthLevel(1800, 400);
	/** CT brain, W80/L40. */
	public static final IntensityWindow CT_BRAIN = ofWidthLevel(80, 40);
	/** CT liver, W150/L30. */
	public static final IntensityWindow CT_LIVER = ofWidthLevel(150, 30);
	/** CT mediastinum, W350/L50. */
	public static final IntensityWindow CT_MEDIASTINUM = ofWidthLevel(350, 50);

	private static final Map<String, IntensityWindow> PRESETS;
	static {
		Map<String, IntensityWindow> m = new LinkedHashMap<>();
		m.put("abdomen", CT_ABDOMEN);
		m.put("lung", CT_LUNG);
		m.put("bone", CT_BONE);
		m.put("brain", CT_BRAIN);
		m.put("liver", CT_LIVER);
		m.put("mediastinum", CT_MEDIASTINUM);
		PRESETS = Collections.unmodifiableMap(m);
	}

	private static final String NUM = "([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)";
	private static final Pattern WIDTH_LEVEL = Pattern.compile(NUM + "\\s*,\\s*" + NUM);
	private static final Pattern WL_LETTERS = Pattern.compile("[wW]\\s*" + NUM + "\\s*[/,]?\\s*[lL]\\s*" + NUM);
	private static final Pattern LO_HI = Pattern.compile(NUM + "\\s*:\\s*" + NUM);

	/**
	 * Checks the bounds: both finite, or both NaN (the {@link #MIN_MAX} marker).
	 *
	 * @throws IllegalArgumentException if one bound is NaN and the other not, or a bound is infinite
	 */
	public IntensityWindow {
		boolean nanLo = Double.isNaN(lo), nanHi = Double.isNaN(hi);
		if (nanLo != nanHi) throw new IllegalArgumentException("intensity window bounds must both be numbers, got " + lo + " : " + hi);
		if (Double.isInfinite(lo) || Double.isInfinite(hi)) throw new IllegalArgumentException("intensity window bounds must be finite, got " + lo + " : " + hi);
		// normalisation is float32: a bound beyond its range becomes infinite and every voxel 0
		if (Math.abs(lo) > Float.MAX_VALUE || Math.abs(hi) > Float.MAX_VALUE) {
			throw new IllegalArgumentException("intensity window bounds must lie within the float32 range (+-3.4e38), got " + lo + " : " + hi);
		}
	}

	/**
	 * The window of the given width centred on {@code level}: {@code [level - width/2, level + width/2]}.
	 *
	 * @throws IllegalArgumentException if width or level is not finite
	 */
	public static IntensityWindow ofWidthLevel(double width, double level) {
		if (!Double.isFinite(width) || !Double.isFinite(level)) throw new IllegalArgumentException("window width and level must be finite, got W" + width + "/L" + level);
		return new IntensityWindow(level - width / 2, level + width / 2);
	}

	/** Whether this is the {@link #MIN_MAX} marker rather than fixed bounds. */
	public boolean isMinMax() {
		return Double.isNaN(lo);
	}

	/** {@code hi - lo} (NaN for {@link #MIN_MAX}). */
	public double width() {
		return hi - lo;
	}

	/** {@code (lo + hi) / 2}, the level (NaN for {@link #MIN_MAX}). */
	public double level() {
		return (lo + hi) / 2;
	}

	/**
	 * Fixed bounds for {@code volume}: its minimum and maximum (NaN voxels ignored) for
	 * {@link #MIN_MAX}, this window otherwise. A volume with no number at all gives {@code [0, 0]}.
	 */
	public IntensityWindow resolve(Volume volume) {
		if (volume == null) throw new IllegalArgumentException("volume is null");
		if (!isMinMax()) return this;
		float[] mm = volume.minMax();
		if (!(mm[0] <= mm[1])) return new IntensityWindow(0, 0);
		return new IntensityWindow(mm[0], mm[1]);
	}

	/** The named presets, in a fixed order (name to window). */
	public static Map<String, IntensityWindow> presets() {
		return PRESETS;
	}

	/**
	 * Parses a window: {@code min-max} (also {@code minmax}); a preset name such as
	 * {@code abdomen} (see {@link #presets()}); {@code width,level} such as {@code 400,40};
	 * {@code W400/L40}; or {@code lo:hi} such as {@code -160:240}. Case and surrounding spaces
	 * do not matter.
	 *
	 * @throws IllegalArgumentException naming the accepted forms, for anything else, a width that
	 *                                  is not positive or {@code lo >= hi}
	 */
	public static IntensityWindow parse(String spec) {
		if (spec == null) throw new IllegalArgumentException(notUnderstood("null"));
		String s = spec.trim();
		String lower = s.toLowerCase(Locale.ROOT);
		if (lower.equals("min-max") || lower.equals("minmax")) return MIN_MAX;
		IntensityWindow preset = PRESETS.get(lower);
		if (preset != null) return preset;
		Matcher m = WIDTH_LEVEL.matcher(s);
		if (!m.matches()) m = WL_LETTERS.matcher(s);
		if (m.matches()) {
			double width = Double.parseDouble(m.group(1)), level = Double.parseDouble(m.group(2));
			if (!(width > 0) || !Double.isFinite(width) || !Double.isFinite(level)) {
				throw new IllegalArgumentException("intensity window '" + spec + "': the width (first number) must be a positive finite number, e.g. 400,40 for W400/L40");
			}
			return floatWide(ofWidthLevelChecked(spec, width, level), spec);
		}
		m = LO_HI.matcher(s);
		if (m.matches()) {
			double lo = Double.parseDouble(m.group(1)), hi = Double.parseDouble(m.group(2));
			if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
				throw new IllegalArgumentException("intensity window '" + spec + "': lo:hi needs finite lo < hi, e.g. -160:240");
			}
			return floatWide(checked(spec, lo, hi), spec);
		}
		throw new IllegalArgumentException(notUnderstood("'" + spec + "'"));
	}

	private static IntensityWindow ofWidthLevelChecked(String spec, double width, double level) {
		return checked(spec, level - width / 2, level + width / 2);
	}

	private static IntensityWindow checked(String spec, double lo, double hi) {
		if (!Double.isFinite(lo) || !Double.isFinite(hi) || Math.abs(lo) > Float.MAX_VALUE || Math.abs(hi) > Float.MAX_VALUE) {
			throw new IllegalArgumentException("intensity window '" + spec + "': its bounds " + lo + " : " + hi
					+ " lie beyond the float32 range (+-3.4e38), which would make every slice 0");
		}
		return new IntensityWindow(lo, hi);
	}

	/** Refuses a window too narrow to survive float32 rounding: every voxel would normalise to 0. */
	private static IntensityWindow floatWide(IntensityWindow w, String spec) {
		if (!((float) w.hi() > (float) w.lo())) {
			throw new IllegalArgumentException("intensity window '" + spec + "' is empty once rounded to float32, which would make every slice 0");
		}
		return w;
	}

	/**
	 * Refuses a fixed window that maps every voxel of {@code volume} to 0 (all at or below
	 * {@code lo}) or to 1 (all at or above {@code hi}): the model would see blank slices and the
	 * result would be meaningless. {@link #MIN_MAX} and a volume without numbers pass.
	 *
	 * @throws IllegalArgumentException naming the window and the volume's intensity range
	 */
	public void requireContrast(Volume volume) {
		if (isMinMax()) return;
		float[] mm = volume.minMax();
		if (!(mm[0] <= mm[1])) return;
		float l = (float) lo, h = (float) hi;
		String to = mm[1] <= l ? "0" : mm[0] >= h ? "1" : null;
		if (to == null) return;
		throw new IllegalArgumentException("intensity window " + this + " maps every voxel to " + to + " (the intensities span "
				+ fmt(mm[0]) + " to " + fmt(mm[1]) + "), so every slice would be blank; choose a window that overlaps them, or min-max");
	}

	private static String notUnderstood(String what) {
		return "intensity window " + what + " not understood: use min-max, a preset (" + String.join(", ", PRESETS.keySet())
				+ "), width,level (e.g. 400,40 or W400/L40) or lo:hi (e.g. -160:240)";
	}

	/** {@code min-max}, or {@code lo:hi (W.../L...)}. */
	@Override
	public String toString() {
		if (isMinMax()) return "min-max";
		return fmt(lo) + ":" + fmt(hi) + " (W" + fmt(width()) + "/L" + fmt(level()) + ")";
	}

	private static String fmt(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
	}
}
