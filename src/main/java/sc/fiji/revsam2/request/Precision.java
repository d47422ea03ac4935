package sc.fiji.revsam2.request;

import java.util.Locale;

/** The number format the model computes in. */
public enum Precision {
	FLOAT32("float32"),
	BF16("bf16");

	private final String id;

	Precision(String id) { this.id = id; }

	public String id() { return id; }

	public static Precision parse(String s) {
		String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
		for (Precision p : values()) if (p.id.equals(t) || p.name().toLowerCase(Locale.ROOT).equals(t)) return p;
		throw new IllegalArgumentException("unknown precision '" + s + "': use float32 or bf16");
	}
}
