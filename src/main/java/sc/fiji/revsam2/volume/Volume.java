package sc.fiji.revsam2.volume;

/**
 * A 3D scalar image: {@code depth} slices of {@code width x height} float voxels, x fastest.
 * The slice axis is the one users annotate (usually axial z). Slices are held as separate
 * arrays so that ImageJ stacks and NIfTI volumes convert without one huge array.
 */
public final class Volume {

	private final int width;
	private final int height;
	private final float[][] slices;
	private final Spacing spacing;

	public Volume(int width, int height, float[][] slices, Spacing spacing) {
		if (width <= 0 || height <= 0) throw new IllegalArgumentException("volume size must be positive, got " + width + " x " + height);
		if (slices.length == 0) throw new IllegalArgumentException("a volume needs at least one slice");
		for (int z = 0; z < slices.length; z++) {
			if (slices[z].length != width * height) throw new IllegalArgumentException("slice " + z + " has " + slices[z].length + " voxels, expected " + width * height);
		}
		this.width = width;
		this.height = height;
		this.slices = slices;
		this.spacing = spacing == null ? Spacing.UNIT : spacing;
	}

	public static Volume zeros(int width, int height, int depth, Spacing spacing) {
		return new Volume(width, height, new float[depth][width * height], spacing);
	}

	public int width() { return width; }

	public int height() { return height; }

	public int depth() { return slices.length; }

	public Spacing spacing() { return spacing; }

	/** The voxels of slice z (backing array, x fastest). */
	public float[] slice(int z) { return slices[z]; }

	public float get(int x, int y, int z) { return slices[z][y * width + x]; }

	public void set(int x, int y, int z, float v) { slices[z][y * width + x] = v; }

	/** {min, max} over all voxels (NaN voxels ignored). */
	public float[] minMax() {
		float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
		for (float[] s : slices) {
			for (float v : s) {
				if (v < lo) lo = v;
				if (v > hi) hi = v;
			}
		}
		return new float[] { lo, hi };
	}
}
