package sc.fiji.revsam2.sam2;

import java.util.Arrays;

/**
 * The four Hiera sizes of Meta's SAM2 release. Block counts identify a size from a checkpoint's
 * tensor names; the settings that no tensor shape reveals (heads, window sizes, global-attention
 * blocks) come from Meta's config for that size.
 */
public enum ModelSize {
	TINY("tiny", "t", new int[] { 1, 2, 7, 2 }, 1, new int[] { 5, 7, 9 }, new int[] { 8, 4, 14, 7 }),
	SMALL("small", "s", new int[] { 1, 2, 11, 2 }, 1, new int[] { 7, 10, 13 }, new int[] { 8, 4, 14, 7 }),
	BASE_PLUS("base_plus", "b+", new int[] { 2, 3, 16, 3 }, 2, new int[] { 12, 16, 20 }, new int[] { 8, 4, 14, 7 }),
	LARGE("large", "l", new int[] { 2, 6, 36, 4 }, 2, new int[] { 23, 33, 43 }, new int[] { 8, 4, 16, 8 });

	private final String id;
	private final String shortName;
	private final int[] stages;
	private final int initialHeads;
	private final int[] globalAttentionBlocks;
	private final int[] windowSpec;

	ModelSize(String id, String shortName, int[] stages, int initialHeads, int[] globalAttentionBlocks, int[] windowSpec) {
		this.id = id;
		this.shortName = shortName;
		this.stages = stages;
		this.initialHeads = initialHeads;
		this.globalAttentionBlocks = globalAttentionBlocks;
		this.windowSpec = windowSpec;
	}

	/** Name as in Meta's file names ({@code sam2.1_hiera_<id>.pt}). */
	public String id() { return id; }

	/** Name as in Meta's config names ({@code sam2.1_hiera_<short>.yaml}). */
	public String shortName() { return shortName; }

	public int[] stages() { return stages.clone(); }

	public int initialHeads() { return initialHeads; }

	public int[] globalAttentionBlocks() { return globalAttentionBlocks.clone(); }

	public int[] windowSpec() { return windowSpec.clone(); }

	public int blockCount() { return Arrays.stream(stages).sum(); }

	/** The size whose stage depths are {@code stages}. */
	public static ModelSize ofStages(int[] stages) {
		for (ModelSize s : values()) if (Arrays.equals(s.stages, stages)) return s;
		throw new IllegalArgumentException("Hiera stages " + Arrays.toString(stages) + " match no SAM2 size (tiny "
			+ Arrays.toString(TINY.stages) + ", small " + Arrays.toString(SMALL.stages) + ", base+ "
			+ Arrays.toString(BASE_PLUS.stages) + ", large " + Arrays.toString(LARGE.stages) + ")");
	}

	public static ModelSize parse(String s) {
		for (ModelSize m : values()) if (m.id.equalsIgnoreCase(s) || m.shortName.equalsIgnoreCase(s) || m.name().equalsIgnoreCase(s)) return m;
		throw new IllegalArgumentException("unknown SAM2 size '" + s + "': use tiny, small, base_plus or large");
	}
}
