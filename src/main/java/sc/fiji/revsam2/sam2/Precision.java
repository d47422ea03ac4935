package sc.fiji.revsam2.sam2;

import java.util.Locale;

/**
 * The arithmetic the model runs in. Weights and every tensor exchanged with Java stay float32;
 * {@link #BFLOAT16} lets TensorFlow run the heavy operations (matrix products, convolutions)
 * in bfloat16 where it can: a speed/fidelity trade that is opt-in, never the default.
 */
public enum Precision {
	/** Float32 throughout, as Meta's reference computes: the default. */
	FLOAT32("float32", "fp32"),
	/**
	 * TensorFlow's oneDNN automatic mixed precision (bfloat16) on the CPU. On a GPU, TensorFlow
	 * Java has no bfloat16 graph rewrite: GPU operations stay float32.
	 */
	BFLOAT16("bfloat16", "bf16");

	private final String label, shortLabel;

	Precision(String label, String shortLabel) {
		this.label = label;
		this.shortLabel = shortLabel;
	}

	/** {@code float32} or {@code bfloat16}. */
	public String label() { return label; }

	/** {@code fp32} or {@code bf16}. */
	public String shortLabel() { return shortLabel; }

	/** Accepts fp32, float32, bf16, bfloat16 (any case). */
	public static Precision parse(String s) {
		String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
		for (Precision p : values()) if (p.label.equals(t) || p.shortLabel.equals(t)) return p;
		throw new IllegalArgumentException("unknown precision '" + s + "': use fp32 or bf16");
	}
}
