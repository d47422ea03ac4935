package sc.fiji.revsam2.sam2;

/** Meta's published SAM2 checkpoints (github.com/facebookresearch/sam2, checkpoints/download_ckpts.sh). */
public enum MetaCheckpoint {
	SAM2_1_TINY("sam2.1_hiera_tiny", "092824"),
	SAM2_1_SMALL("sam2.1_hiera_small", "092824"),
	SAM2_1_BASE_PLUS("sam2.1_hiera_base_plus", "092824"),
	SAM2_1_LARGE("sam2.1_hiera_large", "092824"),
	SAM2_TINY("sam2_hiera_tiny", "072824"),
	SAM2_SMALL("sam2_hiera_small", "072824"),
	SAM2_BASE_PLUS("sam2_hiera_base_plus", "072824"),
	SAM2_LARGE("sam2_hiera_large", "072824");

	private static final String BASE = "https://dl.fbaipublicfiles.com/segment_anything_2/";

	private final String name;
	private final String release;

	MetaCheckpoint(String name, String release) {
		this.name = name;
		this.release = release;
	}

	/** File name without {@code .pt}; also the name of the installed model folder. */
	public String modelName() { return name; }

	public String url() { return BASE + release + "/" + name + ".pt"; }

	public static MetaCheckpoint parse(String s) {
		for (MetaCheckpoint c : values()) if (c.name.equalsIgnoreCase(s) || c.name().equalsIgnoreCase(s)) return c;
		throw new IllegalArgumentException("unknown SAM2 checkpoint '" + s + "'");
	}
}
