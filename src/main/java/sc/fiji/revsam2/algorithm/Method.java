package sc.fiji.revsam2.algorithm;

/** RevSAM2 and the baselines of the paper's ablation (Table 5). */
public enum Method {
	/** Forward propagation, reverse-propagation scores, top-k selection, self-propagation. */
	REVSAM2("revsam2"),
	/** Forward propagation only: each slice segmented from the supports alone. */
	FORWARD_ONLY("forward"),
	/** One video [supports, query slices] tracked forward with SAM2's FIFO memory. */
	FORWARD_WITH_QUERY("forward-query"),
	/** Like RevSAM2 but the k conditioning slices are chosen at random (seeded), without reverse propagation. */
	RANDOM_SELECTION("random");

	private final String id;

	Method(String id) { this.id = id; }

	/** Short name for the command line and macros. */
	public String id() { return id; }

	public static Method parse(String s) {
		for (Method m : values()) if (m.id.equalsIgnoreCase(s) || m.name().equalsIgnoreCase(s)) return m;
		throw new IllegalArgumentException("unknown method '" + s + "': use revsam2, forward, forward-query or random");
	}
}
