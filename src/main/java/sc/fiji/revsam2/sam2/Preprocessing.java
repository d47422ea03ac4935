package sc.fiji.revsam2.sam2;

/**
 * How a model expects a slice's intensities before SAM2's own resize and ImageNet mean/std:
 * recorded in {@code model.json}, chosen from the checkpoint table when the checkpoint is known.
 */
public enum Preprocessing {
	/** The intensity window mapped to [0, 1] in float32 (the RevSAM2 reference pipeline; Meta's SAM2). */
	SAM2("window to [0, 1] (float32)", 0),
	/**
	 * MedSAM2's ({@code medsam2_infer_3D_CT.py}): clip to the window, stretch the clipped volume's
	 * minimum..maximum to 0..255, truncate to 8 bits, divide by 255.
	 */
	MEDSAM2("window to 8 bits (0..255, truncated) / 255, as MedSAM2", 255);

	private final String description;
	private final int levels;

	Preprocessing(String description, int levels) {
		this.description = description;
		this.levels = levels;
	}

	public String description() { return description; }

	/** Intensity steps above 0 after quantisation; 0: not quantised. */
	public int intensityLevels() { return levels; }
}
