package sc.fiji.revsam2.fiji;

import java.util.List;
import java.util.Locale;

/**
 * The intensity window option as users write it: {@code min-max} (each volume's own range),
 * a named CT preset ({@code abdomen}, {@code lung}, {@code bone}, {@code brain}, {@code liver},
 * {@code mediastinum}), {@code lo:hi} or {@code width,level}. A dialog choice such as
 * {@code "abdomen (W400 L40)"} parses as its first word.
 */
public final class IntensityWindows {

	public static final String MIN_MAX = "min-max";

	/** A CT preset: window width and level in Hounsfield units. */
	public record Preset(String name, int width, int level) {

		public float[] loHi() { return new float[] { level - width / 2f, level + width / 2f }; }

		/** How the preset appears in a dialog's list. */
		public String label() { return name + " (W" + width + " L" + level + ")"; }
	}

	public static final List<Preset> PRESETS = List.of(new Preset("abdomen", 400, 40), new Preset("lung", 1500, -600), new Preset("bone", 1800, 400),
		new Preset("brain", 80, 40), new Preset("liver", 150, 30), new Preset("mediastinum", 350, 50));

	private IntensityWindows() {}

	/** The dialog choices: min-max first, then the presets with their width and level. */
	public static String[] choices() {
		String[] c = new String[PRESETS.size() + 1];
		c[0] = MIN_MAX;
		for (int i = 0; i < PRESETS.size(); i++) c[i + 1] = PRESETS.get(i).label();
		return c;
	}

	/**
	 * {lo, hi}, or null for min-max.
	 * @throws IllegalArgumentException with a message naming the accepted forms
	 */
	public static float[] parse(String text) {
		String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		if (s.isEmpty() || s.equals(MIN_MAX) || s.equals("minmax") || s.equals("auto")) return null;
		String word = s.split("[\\s(]", 2)[0];
		for (Preset p : PRESETS) if (p.name.equals(word)) return p.loHi();
		try {
			if (s.contains(":")) {
				String[] p = s.split(":");
				if (p.length == 2) return check(Float.parseFloat(p[0].trim()), Float.parseFloat(p[1].trim()), text);
			} else if (s.contains(",")) {
				String[] p = s.split(",");
				if (p.length == 2) {
					float width = Float.parseFloat(p[0].trim()), level = Float.parseFloat(p[1].trim());
					if (!(width > 0)) throw new IllegalArgumentException("intensity window '" + text + "': the width must be positive");
					return check(level - width / 2, level + width / 2, text);
				}
			}
		} catch (NumberFormatException e) {
			// falls through to the message below
		}
		throw new IllegalArgumentException("unknown intensity window '" + text + "': use min-max, a preset (abdomen, lung, bone, brain, liver, mediastinum), lo:hi or width,level");
	}

	private static float[] check(float lo, float hi, String text) {
		if (!Float.isFinite(lo) || !Float.isFinite(hi) || !(hi > lo)) {
			throw new IllegalArgumentException("intensity window '" + text + "': the upper bound must be above the lower one");
		}
		return new float[] { lo, hi };
	}
}
