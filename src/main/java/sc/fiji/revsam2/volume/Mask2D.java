package sc.fiji.revsam2.volume;

/** A binary mask of one slice, x fastest. */
public final class Mask2D {

	private final int width;
	private final int height;
	private final boolean[] pixels;

	public Mask2D(int width, int height, boolean[] pixels) {
		if (pixels.length != width * height) throw new IllegalArgumentException("mask has " + pixels.length + " pixels, expected " + width + " x " + height);
		this.width = width;
		this.height = height;
		this.pixels = pixels;
	}

	public Mask2D(int width, int height) {
		this(width, height, new boolean[width * height]);
	}

	/** Foreground where the logit is strictly positive (SAM2's convention). */
	public static Mask2D fromLogits(int width, int height, float[] logits) {
		boolean[] p = new boolean[logits.length];
		for (int i = 0; i < p.length; i++) p[i] = logits[i] > 0;
		return new Mask2D(width, height, p);
	}

	public int width() { return width; }

	public int height() { return height; }

	/** Backing array, x fastest. */
	public boolean[] pixels() { return pixels; }

	public boolean get(int x, int y) { return pixels[y * width + x]; }

	public void set(int x, int y, boolean v) { pixels[y * width + x] = v; }

	public int count() {
		int n = 0;
		for (boolean b : pixels) if (b) n++;
		return n;
	}

	public boolean isEmpty() {
		for (boolean b : pixels) if (b) return false;
		return true;
	}
}
