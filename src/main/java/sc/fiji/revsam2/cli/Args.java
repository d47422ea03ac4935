package sc.fiji.revsam2.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small command-line parser: {@code --name value}, {@code --name=value}, boolean
 * {@code --flag}s, repeatable options (kept in the order given, so that {@code --support A
 * --support-labels B --support C ...} can be grouped), positional arguments and {@code --} to end
 * the options. Every problem is a usage error (exit code 2) naming the flag.
 */
final class Args {

	/** One option as given: its canonical name (e.g. {@code --k}) and value (null for a flag). */
	record Entry(String name, String value) {}

	/** The options a command accepts. */
	static final class Spec {
		private final String command;
		private final Map<String, Boolean> takesValue = new LinkedHashMap<>();
		private final Set<String> repeatable = new HashSet<>();
		private final Map<String, String> aliases = new HashMap<>();
		private int maxPositionals;

		/** A spec for {@code command} with the flags every command has: --help/-h, --debug, --quiet. */
		Spec(String command) {
			this.command = command;
			flag("--help").alias("-h", "--help").flag("--debug").flag("--quiet").alias("-q", "--quiet");
		}

		/** A boolean flag. */
		Spec flag(String name) {
			takesValue.put(name, false);
			return this;
		}

		/** An option with a value, given at most once. */
		Spec value(String name) {
			takesValue.put(name, true);
			return this;
		}

		/** An option with a value that may be given several times. */
		Spec values(String name) {
			takesValue.put(name, true);
			repeatable.add(name);
			return this;
		}

		Spec alias(String alias, String name) {
			aliases.put(alias, name);
			return this;
		}

		Spec positionals(int max) {
			this.maxPositionals = max;
			return this;
		}

		Args parse(String[] args) throws CliException {
			List<Entry> entries = new ArrayList<>();
			List<String> positionals = new ArrayList<>();
			Set<String> seen = new HashSet<>();
			boolean optionsEnded = false;
			for (int i = 0; i < args.length; i++) {
				String tok = args[i];
				if (optionsEnded || !looksLikeFlag(tok)) {
					if (positionals.size() >= maxPositionals) {
						throw CliException.usage(maxPositionals == 0 ? "unexpected argument '" + tok + "' (this command takes flags only)"
							: "unexpected argument '" + tok + "' (at most " + maxPositionals + " expected)");
					}
					positionals.add(tok);
					continue;
				}
				if (tok.equals("--")) {
					optionsEnded = true;
					continue;
				}
				String name = tok, inline = null;
				int eq = tok.indexOf('=');
				if (tok.startsWith("--") && eq > 2) {
					name = tok.substring(0, eq);
					inline = tok.substring(eq + 1);
				}
				name = aliases.getOrDefault(name, name);
				Boolean valued = takesValue.get(name);
				if (valued == null) throw CliException.usage("unknown flag " + tok + suggestion(name));
				if (!repeatable.contains(name) && !seen.add(name)) throw CliException.usage(name + " is given twice");
				String value = null;
				if (valued) {
					if (inline != null) value = inline;
					else if (i + 1 < args.length) value = args[++i];
					else throw CliException.usage(name + " needs a value");
				} else if (inline != null) {
					throw CliException.usage(name + " takes no value (got '" + inline + "')");
				}
				entries.add(new Entry(name, value));
			}
			return new Args(command, entries, positionals);
		}

		private static boolean looksLikeFlag(String tok) {
			if (tok.length() < 2 || tok.charAt(0) != '-') return false;
			char c = tok.charAt(1);
			return !(Character.isDigit(c) || c == '.'); // "-5" or "-.5" is a value, not a flag
		}

		/** " (did you mean --support-labels?)" for a near miss, else "". */
		private String suggestion(String name) {
			String lower = name.toLowerCase(Locale.ROOT), best = null;
			int bestDistance = 3;
			for (String known : takesValue.keySet()) {
				int d = distance(lower, known);
				if (d < bestDistance) {
					best = known;
					bestDistance = d;
				}
			}
			if (best == null && lower.length() >= 4) {
				for (String known : takesValue.keySet()) {
					if (known.startsWith(lower)) {
						best = known;
						break;
					}
				}
			}
			return best == null ? "" : " (did you mean " + best + "?)";
		}

		private static int distance(String a, String b) {
			int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
			for (int j = 0; j <= b.length(); j++) prev[j] = j;
			for (int i = 1; i <= a.length(); i++) {
				cur[0] = i;
				for (int j = 1; j <= b.length(); j++) {
					cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
				}
				int[] t = prev;
				prev = cur;
				cur = t;
			}
			return prev[b.length()];
		}
	}

	private final String command;
	private final List<Entry> entries;
	private final List<String> positionals;

	private Args(String command, List<Entry> entries, List<String> positionals) {
		this.command = command;
		this.entries = List.copyOf(entries);
		this.positionals = List.copyOf(positionals);
	}

	String command() { return command; }

	/** All options in the order given. */
	List<Entry> entries() { return entries; }

	List<String> positionals() { return positionals; }

	boolean has(String name) {
		for (Entry e : entries) if (e.name().equals(name)) return true;
		return false;
	}

	/** The (last) value of an option, or null. */
	String get(String name) {
		String v = null;
		for (Entry e : entries) if (e.name().equals(name)) v = e.value();
		return v;
	}

	String get(String name, String defaultValue) {
		String v = get(name);
		return v == null ? defaultValue : v;
	}

	/** The value of a required option. */
	String require(String name) throws CliException {
		String v = get(name);
		if (v == null) throw CliException.usage("missing required flag " + name);
		if (v.isBlank()) throw CliException.usage(name + " needs a non-empty value");
		return v;
	}

	Path path(String name) throws CliException {
		String v = get(name);
		if (v == null) return null;
		return toPath(name, v);
	}

	static Path toPath(String what, String v) throws CliException {
		if (v.isBlank()) throw CliException.usage(what + " needs a non-empty file name");
		try {
			return Paths.get(v);
		} catch (java.nio.file.InvalidPathException e) {
			throw CliException.usage(what + ": '" + v + "' is not a valid file name");
		}
	}

	/** An integer option in [min, max], or {@code defaultValue} when absent. */
	int intValue(String name, int defaultValue, int min, int max) throws CliException {
		String v = get(name);
		if (v == null) return defaultValue;
		return parseInt(name, v, min, max);
	}

	static int parseInt(String what, String v, int min, int max) throws CliException {
		long n;
		try {
			n = Long.parseLong(v.trim());
		} catch (NumberFormatException e) {
			throw CliException.usage(what + ": expected a whole number, got '" + v + "'");
		}
		if (n < min || n > max) {
			throw CliException.usage(what + ": " + n + " is out of range (" + (max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max) + ")");
		}
		return (int) n;
	}

	long longValue(String name, long defaultValue) throws CliException {
		String v = get(name);
		if (v == null) return defaultValue;
		try {
			return Long.parseLong(v.trim());
		} catch (NumberFormatException e) {
			throw CliException.usage(name + ": expected a whole number, got '" + v + "'");
		}
	}

	/** A finite number >= min, or {@code defaultValue} when absent. */
	double doubleValue(String name, double defaultValue, double min) throws CliException {
		String v = get(name);
		if (v == null) return defaultValue;
		double d;
		try {
			d = Double.parseDouble(v.trim());
		} catch (NumberFormatException e) {
			throw CliException.usage(name + ": expected a number, got '" + v + "'");
		}
		if (!Double.isFinite(d) || d < min) throw CliException.usage(name + ": expected a finite number >= " + min + ", got '" + v + "'");
		return d;
	}

	/** A comma-separated list of whole numbers in [min, max], e.g. "3,7,12" (ranges "3-5" allowed when {@code ranges}). */
	static int[] parseIntList(String what, String v, int min, int max, boolean ranges) throws CliException {
		List<Integer> out = new ArrayList<>();
		for (String part : v.split(",")) {
			String p = part.trim();
			if (p.isEmpty()) throw CliException.usage(what + ": empty item in '" + v + "'");
			int dash = p.indexOf('-', 1);
			if (ranges && dash > 0) {
				int a = parseInt(what, p.substring(0, dash), min, max), b = parseInt(what, p.substring(dash + 1), min, max);
				if (b < a) throw CliException.usage(what + ": range " + p + " runs backwards");
				if ((long) b - a >= 1_000_000) throw CliException.usage(what + ": range " + p + " is too long");
				for (long x = a; x <= b; x++) out.add((int) x); // long: b may be Integer.MAX_VALUE
			} else {
				out.add(parseInt(what, p, min, max));
			}
		}
		return out.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
	}

	/** Throws a usage error if both options are given. */
	void exclusive(String a, String b) throws CliException {
		if (has(a) && has(b)) throw CliException.usage(a + " and " + b + " cannot be used together");
	}
}
