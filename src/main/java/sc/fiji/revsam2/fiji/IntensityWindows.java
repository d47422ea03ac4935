package sc.fiji.revsam2.fiji;

import java.util.Map;

import sc.fiji.revsam2.volume.IntensityWindow;

/**
 * The intensity window option of the dialogs: {@link IntensityWindow#parse} forms ({@code min-max},
 * a CT preset, {@code width,level}, {@code W400/L40}, {@code lo:hi}), and the dialog's own choice
 * labels such as {@code "abdomen (W400 L40)"}, which parse as their first word.
 */
public final class IntensityWindows {

	public static final String MIN_MAX = "min-max";

	private IntensityWindows() {}

	/** The dialog choices: min-max first, then the presets with their width and level. */
	public static String[] choices() {
		Map<String, IntensityWindow> presets = IntensityWindow.presets();
		String[] c = new String[presets.size() + 1];
		c[0] = MIN_MAX;
		int i = 1;
		for (Map.Entry<String, IntensityWindow> e : presets.entrySet()) {
			c[i++] = e.getKey() + " (W" + fmt(e.getValue().width()) + " L" + fmt(e.getValue().level()) + ")";
		}
		return c;
	}

	/**
	 * The window a user wrote; blank means min-max.
	 * @throws IllegalArgumentException naming the accepted forms
	 */
	public static IntensityWindow parse(String text) {
		if (text == null || text.isBlank()) return IntensityWindow.MIN_MAX;
		String s = text.trim();
		int paren = s.indexOf(" (");
		if (paren > 0 && s.endsWith(")") && IntensityWindow.presets().containsKey(s.substring(0, paren).toLowerCase(java.util.Locale.ROOT))) {
			s = s.substring(0, paren);
		}
		return IntensityWindow.parse(s);
	}

	private static String fmt(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}
}
