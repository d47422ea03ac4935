package sc.fiji.revsam2.volume;

/**
 * A 3D label image: 0 is background, 1..65535 are classes. Slices are separate unsigned
 * 16-bit arrays (x fastest), the layout of an ImageJ 16-bit stack.
 */
public final class LabelVolume {

	public static final int MAX_LABEL = 65535;

	private final int width;
	private final int height;
	private final short[][] slices;
	private final Spacing spacing;

	public LabelVolume(int width, int height, short[][] slices, Spacing spacing) {
		if (width <= 0 || height <= 0 || slices.length == 0) throw new IllegalArgumentException("label volume must have a positive size");
		for (int z = 0; z < slices.length; z++) {
			if (slices[z].length != width * height) throw new IllegalArgumentException("label slice " + z + " has " + slices[z].length + " voxels, expected " + width * height);
		}
		this.width = width;
		this.height = height;
		this.slices = slices;
		this.spacing = spacing == null ? Spacing.UNIT : spacing;
	}

	public static LabelVolume zeros(int width, int height, int depth, Spacing spacing) {
		return new LabelVolume(width, height, new short[depth][width * height], spacing);
	}

	public int width() { return width; }

	public int height() { return height; }

	public int depth() { return slices.length; }

	public Spacing spacing() { return spacing; }

	/** Backing array of slice z (unsigned 16-bit values). */
	public short[] slice(int z) { return slices[z]; }

	public int get(int x, int y, int z) { return slices[z][y * width + x] & 0xffff; }

	public void set(int x, int y, int z, int label) {
		if (label < 0 || label > MAX_LABEL) throw new IllegalArgumentException("label " + label + " is outside 0.." + MAX_LABEL);
		slices[z][y * width + x] = (short) label;
	}

	/** The mask of {@code label} on slice z. */
	public Mask2D mask(int label, int z) {
		short[] s = slices[z];
		boolean[] m = new boolean[s.length];
		for (int i = 0; i < s.length; i++) m[i] = (s[i] & 0xffff) == label;
		return new Mask2D(width, height, m);
	}

	/** The distinct non-zero labels, ascending. */
	public int[] labels() {
		boolean[] seen = new boolean[MAX_LABEL + 1];
		for (short[] s : slices) for (short v : s) seen[v & 0xffff] = true;
		int n = 0;
		for (int l = 1; l <= MAX_LABEL; l++) if (seen[l]) n++;
		int[] out = new int[n];
		for (int l = 1, i = 0; l <= MAX_LABEL; l++) if (seen[l]) out[i++] = l;
		return out;
	}

	/** Slices where {@code label} occurs at least once, ascending. */
	public int[] slicesWith(int label) {
		int[] tmp = new int[slices.length];
		int n = 0;
		for (int z = 0; z < slices.length; z++) {
			for (short v : slices[z]) {
				if ((v & 0xffff) == label) { tmp[n++] = z; break; }
			}
		}
		return java.util.Arrays.copyOf(tmp, n);
	}
}
