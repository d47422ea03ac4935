package sc.fiji.revsam2.request;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import sc.fiji.revsam2.algorithm.Method;
import sc.fiji.revsam2.volume.IntensityWindow;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.sam2.Precision;

/**
 * The one parser of the text forms that Fiji macros and the command line share. Each method names
 * the option as the user wrote it ({@code what}: "--class-names" or "names") in its message and
 * throws {@link IllegalArgumentException}; the front ends only pass text in and show messages.
 */
public final class RequestText {

	private RequestText() {}

	/**
	 * Class names: {@code label=name} pairs separated by ',', ';' or new lines ("1=liver, 2=spleen").
	 * Blank means none. A label named twice is an error (which name was meant is a guess), as is a
	 * label outside 1..65535 or an empty name.
	 */
	public static Map<Integer, String> classNames(String what, String text) {
		Map<Integer, String> names = new LinkedHashMap<>();
		if (text == null || text.isBlank()) return names;
		for (String part : text.split("[,;\\n]")) {
			if (part.isBlank()) continue;
			int eq = part.indexOf('=');
			if (eq < 0) throw new IllegalArgumentException(what + ": expected label=name pairs such as 1=liver,2=spleen, got '" + part.trim() + "'");
			int label = integer(what, part.substring(0, eq), 1, LabelVolume.MAX_LABEL);
			String name = part.substring(eq + 1).trim();
			if (name.isEmpty()) throw new IllegalArgumentException(what + ": label " + label + " has an empty name");
			if (names.put(label, name) != null) throw new IllegalArgumentException(what + ": label " + label + " is named twice");
		}
		return names;
	}

	/** "3-12", or "5" for one slice, 1-based inclusive (the command line's --slices). */
	public static SliceRange sliceRange(String what, String text) {
		String s = text == null ? "" : text.trim();
		int dash = s.indexOf('-', 1);
		int first = integer(what, dash < 0 ? s : s.substring(0, dash), 1, Integer.MAX_VALUE);
		int last = dash < 0 ? first : integer(what, s.substring(dash + 1), 1, Integer.MAX_VALUE);
		if (last < first) throw new IllegalArgumentException(what + " " + text + ": the last slice comes before the first (expected FIRST-LAST, 1-based)");
		return new SliceRange(first, last);
	}

	/** A first and last slice as the dialogs hold them: 1-based, 0 = from the first / to the last. */
	public static SliceRange sliceRange(String what, int first, int last) {
		if (first < 0 || last < 0) throw new IllegalArgumentException(what + ": slices are 1-based (0 = first / last), got " + first + "-" + last);
		int f = first == 0 ? 1 : first;
		if (last != 0 && last < f) throw new IllegalArgumentException(what + ": slice range " + f + "-" + last + " runs backwards");
		return new SliceRange(f, last);
	}

	/**
	 * A list of 1-based slices with ranges, "3,7,12" or "3-5", checked against the {@code depth}
	 * of the volume they select from before any range is expanded (so "3-2147483647" is an error
	 * naming the depth, not an out-of-memory). Returns them sorted, without duplicates, 1-based.
	 */
	public static int[] sliceList(String what, String text, int depth, String volumeName) {
		java.util.BitSet set = new java.util.BitSet();
		for (int[] r : sliceRanges(what, text)) {
			if (r[1] > depth) throw new IllegalArgumentException(what + " " + r[1] + ": " + volumeName + " has only " + depth + " slices (slices are 1-based)");
			set.set(r[0], r[1] + 1);
		}
		return set.stream().toArray();
	}

	/** Checks the form of a slice list ("3,7,12", "3-5") without expanding it; the volume is checked later. */
	public static void checkSliceList(String what, String text) {
		sliceRanges(what, text);
	}

	/** The items of a slice list as {first, last} pairs, 1-based, not expanded. */
	private static java.util.List<int[]> sliceRanges(String what, String text) {
		java.util.List<int[]> out = new java.util.ArrayList<>();
		for (String part : (text == null ? "" : text).split(",", -1)) {
			String p = part.trim();
			if (p.isEmpty()) throw new IllegalArgumentException(what + ": empty item in '" + text + "'");
			int dash = p.indexOf('-', 1);
			int a = integer(what, dash > 0 ? p.substring(0, dash) : p, 1, Integer.MAX_VALUE);
			int b = dash > 0 ? integer(what, p.substring(dash + 1), 1, Integer.MAX_VALUE) : a;
			if (b < a) throw new IllegalArgumentException(what + ": range " + p + " runs backwards");
			out.add(new int[] { a, b });
		}
		return out;
	}

	/**
	 * An intensity window: any {@link IntensityWindow#parse} form, blank for min-max, or a dialog
	 * choice such as "abdomen (W400 L40)" (read as its first word).
	 */
	public static IntensityWindow window(String what, String text) {
		if (text == null || text.isBlank()) return IntensityWindow.MIN_MAX;
		String s = text.trim();
		int paren = s.indexOf(" (");
		if (paren > 0 && s.endsWith(")") && IntensityWindow.presets().containsKey(s.substring(0, paren).toLowerCase(Locale.ROOT))) s = s.substring(0, paren);
		try {
			return IntensityWindow.parse(s);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
		}
	}

	/** The dialog choices of the window: min-max first, then each preset with its width and level. */
	public static String[] windowChoices() {
		Map<String, IntensityWindow> presets = IntensityWindow.presets();
		String[] c = new String[presets.size() + 1];
		c[0] = MIN_MAX;
		int i = 1;
		for (Map.Entry<String, IntensityWindow> e : presets.entrySet()) {
			c[i++] = e.getKey() + " (W" + number(e.getValue().width()) + " L" + number(e.getValue().level()) + ")";
		}
		return c;
	}

	/** The text of the default window. */
	public static final String MIN_MAX = "min-max";

	/** A method by its id ("revsam2", "forward", ...); blank means RevSAM2. */
	public static Method method(String what, String text) {
		if (text == null || text.isBlank()) return Method.REVSAM2;
		try {
			return Method.parse(text.trim());
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
		}
	}

	/** The method ids, for dialogs and help. */
	public static String[] methodChoices() {
		Method[] m = Method.values();
		String[] c = new String[m.length];
		for (int i = 0; i < m.length; i++) c[i] = m[i].id();
		return c;
	}

	/** A precision by name; blank means float32. */
	public static Precision precision(String what, String text) {
		if (text == null || text.isBlank()) return Precision.FLOAT32;
		try {
			return Precision.parse(text);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
		}
	}

	/** A whole number in min..max. */
	public static int integer(String what, String text, int min, int max) {
		long v;
		try {
			v = Long.parseLong(text.trim());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(what + ": expected a whole number, got '" + text + "'");
		}
		if (v < min || v > max) {
			throw new IllegalArgumentException(what + ": " + v + " is out of range (" + (max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max) + ")");
		}
		return (int) v;
	}

	private static String number(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}
}
